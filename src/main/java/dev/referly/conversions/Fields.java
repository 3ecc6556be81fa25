package dev.referly.conversions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.ApiException;
import dev.referly.shared.TextField;
import java.util.Map;

/** Field checks shared by the track bodies; every failure names its field. */
final class Fields {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METADATA = 10_000;

    private Fields() {}

    static String required(Map<String, Object> body, String field, int maxLength) {
        String value = optional(body, field, maxLength);
        if (value == null || value.isEmpty()) {
            throw ApiException.invalid(field, "is required");
        }
        return value;
    }

    static String optional(Map<String, Object> body, String field, int maxLength) {
        return TextField.optional(field, body.get(field), maxLength);
    }

    static long integer(Map<String, Object> body, String field, long fallback, long min, long max) {
        Object value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw ApiException.invalid(field, "must be an integer");
        }
        long n = ((Number) value).longValue();
        if (n < min || n > max) {
            throw ApiException.invalid(field, "must be between " + min + " and " + max);
        }
        return n;
    }

    /** Metadata is a JSON object kept as text; Dub caps its serialized size at 10,000 characters. */
    static String metadata(Map<String, Object> body) {
        Object value = body.get("metadata");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw ApiException.invalid("metadata", "must be an object");
        }
        try {
            String text = JSON.writeValueAsString(value);
            if (text.length() > MAX_METADATA) {
                throw ApiException.invalid("metadata", "must serialize to at most " + MAX_METADATA + " characters");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("metadata", "must be JSON");
        }
    }

    static Object parseMetadata(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }
}
