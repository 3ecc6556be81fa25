package dev.referly.shared;

/** The error codes of Dub's API, with the HTTP status each one travels with. */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    CONFLICT("conflict", 409),
    INVITE_EXPIRED("invite_expired", 410),
    UNPROCESSABLE_ENTITY("unprocessable_entity", 422),
    RATE_LIMIT_EXCEEDED("rate_limit_exceeded", 429),
    // Not among Dub's codes (Dub has none for these statuses); same shape, named after the status.
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    REQUEST_HEADER_FIELDS_TOO_LARGE("request_header_fields_too_large", 431),
    INTERNAL_SERVER_ERROR("internal_server_error", 500);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Dub's SDKs link each error to its docs anchor; we keep the same anchors since the codes are Dub's. */
    public String docUrl() {
        return "https://dub.co/docs/api-reference/errors#" + code.replace('_', '-');
    }
}
