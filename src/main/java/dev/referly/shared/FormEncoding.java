package dev.referly.shared;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Fields of an {@code application/x-www-form-urlencoded} body, decoded the one way every form route shares. */
public final class FormEncoding {
    private FormEncoding() {}

    /** A field decoded; a 400 for broken percent-encoding or a NUL, which PostgreSQL text cannot hold (refused on both stores alike). */
    public static String decode(String s) {
        String decoded;
        try {
            decoded = URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Malformed form body.");
        }
        if (decoded.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Form fields must not contain NUL characters.");
        }
        return decoded;
    }
}
