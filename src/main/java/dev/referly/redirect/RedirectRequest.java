package dev.referly.redirect;

/**
 * A short-link request as either HTTP front end saw it: the raw path and query (undecoded),
 * the Host header and the few headers the redirect reads. Null for a header that was absent.
 */
public record RedirectRequest(boolean head, String host, String rawPath, String rawQuery, String peerIp,
        String userAgent, String referer, String forwardedFor, String forwardedProto, boolean noTrackHeader) {}
