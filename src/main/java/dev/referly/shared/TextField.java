package dev.referly.shared;

/** The one check of an optional text field of a request body: a string, within a length, else a 422 naming the field. */
public final class TextField {
    private TextField() {}

    /** {@code value} as a string, or null when absent; a 422 naming {@code field} when not a string or too long. */
    public static String optional(String field, Object value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.invalid(field, "must be a string");
        }
        if (s.length() > maxLength) {
            throw ApiException.invalid(field, "must be at most " + maxLength + " characters");
        }
        return s;
    }

    /** As {@link #optional}, with blank text counting as absent. */
    public static String optionalNonBlank(String field, Object value, int maxLength) {
        String s = optional(field, value, maxLength);
        return s == null || s.isBlank() ? null : s;
    }
}
