package dev.referly.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.referly.config.HttpLimits;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** JSON in and out at the HTTP edge. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** Jackson's own default: deep enough for any limit configured, shallow enough for the stack. */
    private static final int MAX_PARSER_DEPTH = 1000;
    /**
     * Request bodies are read strictly: one value and nothing after it, no key twice in an
     * object (which of the two a service saw would be an accident). The parser's own depth
     * bound only keeps a hostile body from exhausting the stack; the configured, lower one is
     * checked on the parsed value.
     */
    private static final ObjectReader BODY_READER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_PARSER_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(Object.class);

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
        requireJsonContentType(req);
        // Helidon refuses a body past the size limit while it is read (maxPayloadSize).
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        if (body.length == 0) {
            throw ApiException.badRequest("The request body is empty; JSON was expected.");
        }
        Object value;
        try {
            value = BODY_READER.readValue(body);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("The JSON in the request body is nested too deeply.");
        } catch (IOException e) {
            throw ApiException.badRequest("Invalid JSON in the request body" + reason(e) + ".");
        }
        int maxDepth = req.context().get(HttpLimits.class).map(HttpLimits::maxJsonDepth)
                .orElse(HttpLimits.DEFAULT_MAX_JSON_DEPTH);
        JsonBodyCheck.check(value, maxDepth);
        return value;
    }

    /** The one problem worth naming to the caller; the rest is Jackson's detail. */
    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Duplicate field")) {
            return ": a key appears twice in one object";
        }
        if (message.contains("Trailing token")) {
            return ": something follows the JSON value";
        }
        return "";
    }

    /**
     * No declared type is taken as JSON (as curl and most SDKs send it); a declared type must be
     * {@code application/json} or a {@code +json} type, with any parameters.
     */
    private static void requireJsonContentType(ServerRequest req) {
        Optional<HttpMediaType> type;
        try {
            type = req.headers().contentType();
        } catch (RuntimeException unparsable) {
            type = Optional.of(HttpMediaType.create(io.helidon.common.media.type.MediaTypes.TEXT_PLAIN));
        }
        if (type.isEmpty()) {
            return;
        }
        String media = type.get().mediaType().type().toLowerCase(Locale.ROOT);
        String sub = type.get().mediaType().subtype().toLowerCase(Locale.ROOT);
        if (media.equals("application") && (sub.equals("json") || sub.endsWith("+json"))) {
            return;
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "The request body must be JSON, sent with Content-Type: application/json.");
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
