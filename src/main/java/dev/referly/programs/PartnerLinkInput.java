package dev.referly.programs;

import dev.referly.shared.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner-link body (POST /partners/links, PUT /partners/links/upsert): whose link (partnerId,
 * else tenantId), its destination, key, comments and any other link properties in linkProps.
 */
public record PartnerLinkInput(String partnerId, String tenantId, String url, String key, String comments,
        boolean commentsSent, Map<String, Object> linkProps) {

    @SuppressWarnings("unchecked")
    public static PartnerLinkInput parse(Map<String, Object> body) {
        Object props = body.get("linkProps");
        if (props != null && !(props instanceof Map<?, ?>)) {
            throw ApiException.invalid("linkProps", "must be an object of link properties");
        }
        Object url = body.get("url");
        return new PartnerLinkInput(optionalText(body, "partnerId"), optionalText(body, "tenantId"),
                url == null || "".equals(url) ? null : PartnerInput.url("url", url), optionalText(body, "key"),
                optionalText(body, "comments"), body.containsKey("comments"),
                props == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) props));
    }

    private static String optionalText(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.invalid(field, "must be a string");
        }
        return s.isBlank() ? null : s.strip();
    }
}
