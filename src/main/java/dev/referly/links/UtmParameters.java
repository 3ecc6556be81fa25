package dev.referly.links;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * Keeps a link's utm_* fields and its destination's query string in agreement, as Dub does:
 * fields sent by the client are written into the URL, and a URL sent alone fills the fields.
 */
final class UtmParameters {
    private UtmParameters() {}

    static EnumMap<LinkField, String> read(String url) {
        EnumMap<LinkField, String> found = new EnumMap<>(LinkField.class);
        int q = url.indexOf('?');
        if (q < 0) {
            return found;
        }
        int hash = url.indexOf('#', q);
        String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            for (LinkField utm : LinkField.UTM) {
                if (utm.apiName().equals(name) && eq >= 0) {
                    found.put(utm, decode(pair.substring(eq + 1)));
                }
            }
        }
        return found;
    }

    /** The URL with each given utm parameter set (or removed when its value is null). */
    static String write(String url, EnumMap<LinkField, String> values) {
        int hash = url.indexOf('#');
        String fragment = hash < 0 ? "" : url.substring(hash);
        String withoutFragment = hash < 0 ? url : url.substring(0, hash);
        int q = withoutFragment.indexOf('?');
        String base = q < 0 ? withoutFragment : withoutFragment.substring(0, q);
        List<String> kept = new ArrayList<>();
        if (q >= 0) {
            for (String pair : withoutFragment.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                boolean replaced = values.keySet().stream().anyMatch(f -> f.apiName().equals(name));
                if (!replaced) {
                    kept.add(pair);
                }
            }
        }
        values.forEach((field, value) -> {
            if (value != null && !value.isEmpty()) {
                kept.add(field.apiName() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return base + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
