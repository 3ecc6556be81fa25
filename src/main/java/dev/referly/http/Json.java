package dev.referly.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.referly.shared.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON in and out at the HTTP edge. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(ServerRequest req) {
        Object value = parse(req);
        if (!(value instanceof Map<?, ?>)) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(ServerRequest req) {
        Object value = parse(req);
        if (!(value instanceof List<?>)) {
            throw ApiException.badRequest("The request body must be a JSON array.");
        }
        return (List<Object>) value;
    }

    private static Object parse(ServerRequest req) {
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        if (body.length == 0) {
            throw ApiException.badRequest("The request body is empty; JSON was expected.");
        }
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            throw ApiException.badRequest("Invalid JSON in the request body.");
        }
    }

    static void send(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }
}
