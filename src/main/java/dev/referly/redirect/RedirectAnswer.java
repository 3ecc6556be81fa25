package dev.referly.redirect;

import java.nio.charset.StandardCharsets;

/**
 * What the redirect answers: a status with either a Location or a short text body.
 * {@code linkFound} adds the no-store and noindex headers every answer about a link carries.
 */
public record RedirectAnswer(int status, String location, String text, boolean linkFound, String setCookie,
        boolean retryLater) {

    static RedirectAnswer location(int status, String url, String setCookie) {
        return new RedirectAnswer(status, url, null, true, setCookie, false);
    }

    static RedirectAnswer notFound() {
        return new RedirectAnswer(404, null, "Link not found.", false, null, false);
    }

    /** A visitor's query no stored click could hold (a NUL character). */
    static RedirectAnswer badRequest() {
        return new RedirectAnswer(400, null, "Malformed query string.", false, null, false);
    }

    static RedirectAnswer expired() {
        return new RedirectAnswer(410, null, "This link has expired.", true, null, false);
    }

    /** The click could not be made durable: refusing beats answering with a click we may lose. */
    public static RedirectAnswer unavailable() {
        return new RedirectAnswer(503, null, "Temporarily unavailable, please retry.", true, null, true);
    }

    public byte[] body() {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
