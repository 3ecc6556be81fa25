package dev.referly.clicks;

import java.util.List;
import java.util.Map;

/** A visitor's request for a short link, as the redirect saw it. */
public record Visit(String linkId, String workspaceId, String destination, String ip, String userAgent,
        String referer, Map<String, List<String>> query, String rawQuery) {

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
