package dev.referly.shared;

/**
 * The one exception family a feature throws to answer a client with an error.
 * The HTTP edge maps it to Dub's error shape; anything else becomes a 500.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    /** A validation failure; the message always starts with the offending field. */
    public static ApiException invalid(String field, String problem) {
        return new ApiException(ErrorCode.UNPROCESSABLE_ENTITY, field + ": " + problem);
    }
}
