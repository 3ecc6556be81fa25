package dev.referly.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The checks of email and image fields in request bodies: a 422 naming the field, or the value. */
public final class WebFields {
    /** Image URLs (avatars, partner and link images) are at most this long. */
    public static final int MAX_IMAGE_URL = 2_000;
    public static final int MAX_EMAIL = 254;
    // Deliberately loose (RFC 5322 allows far more than mail systems deliver): one @, a dotted
    // domain, no spaces or control characters.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

    private WebFields() {}

    /** An email address, or null when absent; blank counts as absent. */
    public static String optionalEmail(String field, Object value) {
        String s = TextField.optionalNonBlank(field, value, MAX_EMAIL);
        if (s == null) {
            return null;
        }
        String e = s.strip();
        if (!EMAIL.matcher(e).matches()) {
            throw ApiException.invalid(field, "must be an email address such as jane@example.com");
        }
        return e;
    }

    /** An absolute http(s) URL of an image, or null when absent; blank counts as absent. */
    public static String optionalImageUrl(String field, Object value) {
        String s = TextField.optionalNonBlank(field, value, MAX_IMAGE_URL);
        if (s == null) {
            return null;
        }
        return requireHttpUrl(field, s.strip());
    }

    /** {@code url} itself when it is an absolute http(s) URL with a host: javascript:, data: and friends are refused. */
    public static String requireHttpUrl(String field, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below, with the same words as any other non-URL
        }
        throw ApiException.invalid(field, "must be an absolute http or https URL");
    }
}
