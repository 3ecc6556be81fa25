package dev.referly.http;

import dev.referly.links.Link;
import dev.referly.links.LinkField;
import dev.referly.links.ShortUrls;
import dev.referly.shared.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dub's Link object: every key present, nullable ones null, in Dub's key order. */
final class LinkJson {
    private LinkJson() {}

    static Map<String, Object> of(Link link) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (LinkField f : LinkField.values()) {
            Object v = link.get(f);
            json.put(f.apiName(), f.kind() == LinkField.Kind.INSTANT ? Timestamps.isoOrNull((Long) v) : v);
        }
        String shortLink = shortLink(link.domain(), link.key());
        json.put("tags", List.of());
        json.put("shortLink", shortLink);
        json.put("qrCode", baseUrl(link.domain()) + "/qr?url=" + URLEncoder.encode(shortLink + "?qr=1", StandardCharsets.UTF_8));
        json.put("testVariants", null);
        json.put("testStartedAt", null);
        json.put("testCompletedAt", null);
        json.put("tagId", null);
        json.put("projectId", link.workspaceId());
        json.put("webhookIds", List.of());
        return json;
    }

    static String shortLink(String domain, String key) {
        return ShortUrls.of(domain, key);
    }

    static String baseUrl(String domain) {
        return ShortUrls.base(domain);
    }
}
