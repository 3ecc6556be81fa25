package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading Stripe objects by field name. Webhook payloads come in the API version of the account
 * that sent them, so fields are read where either an older or a newer version puts them rather
 * than through one version's typed model; an expandable field may be an id or the object itself.
 */
final class StripeJson {
    private StripeJson() {}

    /** The text at {@code path} (field names), or null when absent, null or not a scalar. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null || n.isNull() || n.isContainerNode() ? null : emptyToNull(n.asText());
    }

    static Long number(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isIntegralNumber() ? n.asLong() : null;
    }

    static boolean bool(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.asBoolean(false);
    }

    /** An expandable field: its id whether it holds the id or the expanded object. */
    static String id(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isObject() ? text(n, "id") : emptyToNull(n.asText());
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String field : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(field);
        }
        return n;
    }

    /** The first non-null of the given values. */
    @SafeVarargs
    static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
