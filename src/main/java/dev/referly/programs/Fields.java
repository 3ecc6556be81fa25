package dev.referly.programs;

import dev.referly.shared.ApiException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the fields of a JSON body, with 422s that name the field. */
final class Fields {
    static final int MAX_URL = 2_000;
    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private Fields() {}

    static String text(String field, Object value, int maxLength, boolean nullable) {
        if (value == null) {
            if (!nullable) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.invalid(field, "must be a string");
        }
        String stripped = s.strip();
        if (stripped.isEmpty()) {
            if (!nullable) {
                throw ApiException.invalid(field, "must not be empty");
            }
            return null;
        }
        if (stripped.length() > maxLength) {
            throw ApiException.invalid(field, "must be at most " + maxLength + " characters");
        }
        return stripped;
    }

    /** An absolute http or https URL, or null. */
    static String url(String field, Object value) {
        String s = text(field, value, MAX_URL, true);
        if (s == null) {
            return null;
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return s;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw ApiException.invalid(field, "must be an http or https URL");
    }

    static String slug(String field, Object value) {
        String s = text(field, value, 100, false);
        if (!SLUG.matcher(s).matches()) {
            throw ApiException.invalid(field, "must be lowercase letters, digits and single hyphens, e.g. gold-partners");
        }
        return s;
    }

    /** A bare domain name such as go.acme.com, lower-cased, or null. */
    static String domain(String field, Object value) {
        String s = text(field, value, 253, true);
        if (s == null) {
            return null;
        }
        s = s.toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(s).matches()) {
            throw ApiException.invalid(field, "must be a domain name such as go.acme.com");
        }
        return s;
    }

    static Long integer(String field, Object value, long min, long max, boolean nullable) {
        if (value == null) {
            if (!nullable) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        Long n = null;
        if (value instanceof Integer || value instanceof Long) {
            n = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 64) {
            n = big.longValue();
        }
        if (n == null || n < min || n > max) {
            throw ApiException.invalid(field, "must be an integer from " + min + " to " + max);
        }
        return n;
    }

    /** The value of {@code key} if the body has it, else {@code current}: PATCH semantics. */
    static Object or(Map<String, Object> body, String key, Object current) {
        return body.containsKey(key) ? body.get(key) : current;
    }

    /** A slug made from a name: "Gold Partners!" -> "gold-partners". */
    static String slugify(String name) {
        String ascii = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 100) {
            slug = slug.substring(0, 100).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "group" : slug;
    }
}
