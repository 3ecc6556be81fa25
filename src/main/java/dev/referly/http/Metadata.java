package dev.referly.http;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Stored metadata (JSON text) back into a JSON value for responses. */
final class Metadata {
    private Metadata() {}

    static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }
}
