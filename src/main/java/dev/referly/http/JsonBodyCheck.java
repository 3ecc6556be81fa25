package dev.referly.http;

import dev.referly.shared.ApiException;
import java.util.List;
import java.util.Map;

/**
 * What a parsed JSON body must also satisfy: no NUL in any key or string, which PostgreSQL
 * cannot store in text and SQLite stores truncated, and nesting no deeper than the limit.
 * Checked once here, so every route refuses them alike, on both stores.
 */
final class JsonBodyCheck {
    private JsonBodyCheck() {}

    static void check(Object value, int maxDepth) {
        walk(value, "", 0, maxDepth);
    }

    private static void walk(Object value, String path, int depth, int maxDepth) {
        if (value instanceof Map<?, ?> map) {
            nested(path, depth, maxDepth);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                String at = path.isEmpty() ? key : path + "." + key;
                if (key.indexOf('\0') >= 0) {
                    throw ApiException.badRequest("A JSON key must not contain NUL (\\u0000): "
                            + printable(at) + ".");
                }
                walk(e.getValue(), at, depth + 1, maxDepth);
            }
        } else if (value instanceof List<?> list) {
            nested(path, depth, maxDepth);
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", depth + 1, maxDepth);
            }
        } else if (value instanceof String text && text.indexOf('\0') >= 0) {
            throw ApiException.badRequest("JSON strings must not contain NUL (\\u0000): "
                    + (path.isEmpty() ? "the body" : printable(path)) + ".");
        }
    }

    private static void nested(String path, int depth, int maxDepth) {
        if (depth >= maxDepth) {
            throw ApiException.badRequest("The JSON in the request body is nested deeper than "
                    + maxDepth + " levels" + (path.isEmpty() ? "" : " (at " + printable(path) + ")") + ".");
        }
    }

    private static String printable(String path) {
        String p = path.replace("\0", "\\u0000");
        return p.length() > 100 ? p.substring(0, 100) + "..." : p;
    }
}
