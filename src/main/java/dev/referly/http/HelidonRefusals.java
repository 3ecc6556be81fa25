package dev.referly.http;

import dev.referly.config.HttpLimits;
import dev.referly.shared.ErrorCode;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helidon's own refusals (a malformed request, a chunked body past the size limit), which
 * happen before any route runs, answered in the API's error shape. Helidon's messages are
 * not passed on: they may quote the request.
 */
final class HelidonRefusals {
    private HelidonRefusals() {}

    static DirectHandlers handlers(HttpLimits limits) {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            ErrorCode code = switch (status.code()) {
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                case 431 -> ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE;
                default -> ErrorCode.BAD_REQUEST;
            };
            String text = switch (code) {
                case PAYLOAD_TOO_LARGE -> "The request body is larger than the limit of " + limits.maxBodyBytes() + " bytes.";
                case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request head is larger than the limit of "
                        + limits.maxHeadBytes() + " bytes.";
                default -> "Malformed HTTP request.";
            };
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code.code());
            error.put("message", text);
            error.put("doc_url", code.docUrl());
            byte[] body;
            try {
                body = Json.MAPPER.writeValueAsBytes(Map.of("error", error));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .entity(body)
                    .build();
        };
        return DirectHandlers.builder()
                .addHandler(DirectHandler.EventType.BAD_REQUEST, handler)
                .addHandler(DirectHandler.EventType.PAYLOAD_TOO_LARGE, handler)
                .build();
    }
}
