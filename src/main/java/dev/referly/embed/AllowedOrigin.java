package dev.referly.embed;

import dev.referly.shared.ApiException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a publishable key's allow-list: {@code shop.example}, {@code *.shop.example}, or
 * with a scheme and port, {@code http://localhost:3000}. Without a scheme an entry means https on
 * port 443, so a key for {@code shop.example} does not work from {@code http://shop.example} or
 * another port of the host; a bare loopback host ({@code localhost}, {@code 127.0.0.1}) matches any
 * scheme and port, for development.
 */
record AllowedOrigin(String scheme, boolean wildcard, String host, int port, boolean anyPort) {
    private static final Pattern ENTRY = Pattern.compile(
            "(?:(https?)://)?(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::([0-9]{1,5}))?");

    static AllowedOrigin parse(String raw) {
        String entry = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw ApiException.invalid("allowedHostnames", "'" + raw + "' is not a hostname (example.com, "
                    + "*.example.com, or with scheme and port, http://localhost:3000)");
        }
        String scheme = m.group(1);
        String host = m.group(3);
        boolean wildcard = m.group(2) != null;
        if (m.group(7) != null) {
            int port = Integer.parseInt(m.group(7));
            if (port < 1 || port > 65_535) {
                throw ApiException.invalid("allowedHostnames", "'" + raw + "' has a port out of range");
            }
            return new AllowedOrigin(scheme == null ? "https" : scheme, wildcard, host, port, false);
        }
        if (scheme == null && !wildcard && isLoopback(host)) {
            return new AllowedOrigin(null, false, host, -1, true);
        }
        String s = scheme == null ? "https" : scheme;
        return new AllowedOrigin(s, wildcard, host, defaultPort(s), false);
    }

    /** Whether a page at {@code pageUrl} (an Origin, or a Referer's URL) is covered. */
    boolean allows(Page page) {
        if (scheme != null && !scheme.equals(page.scheme())) {
            return false;
        }
        if (!anyPort && port != page.port()) {
            return false;
        }
        return wildcard ? page.host().endsWith("." + host) || page.host().equals(host) : page.host().equals(host);
    }

    /** The scheme, host and port of the page a request came from. */
    record Page(String scheme, String host, int port) {
        static Optional<Page> of(String url) {
            if (url == null) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(url.strip());
                String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
                if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                    return Optional.empty();
                }
                return Optional.of(new Page(scheme, uri.getHost().toLowerCase(Locale.ROOT),
                        uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1");
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("http") ? 80 : 443;
    }
}
