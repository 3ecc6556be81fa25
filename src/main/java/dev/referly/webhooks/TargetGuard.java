package dev.referly.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhook deliveries off the server's own network: a target whose host resolves to a
 * loopback, private (RFC 1918, unique-local fc00::/7), link-local (169.254/16, fe80::/10, cloud
 * metadata), carrier-grade NAT (100.64/10), unspecified or multicast address is refused unless
 * the operator allows private targets ({@code --webhook-allow-private}). Checked when an
 * endpoint is saved and again before every attempt, since DNS can change in between.
 */
final class TargetGuard {
    private final boolean allowPrivate;

    TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Null when the URL may be used, else why not. */
    String problem(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "must be an http or https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isBlank()) {
            return "must be an http or https URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not contain credentials";
        }
        if (allowPrivate) {
            return null;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress a : addresses) {
            if (isInternal(a)) {
                return "resolves to a private, loopback or link-local address (" + a.getHostAddress()
                        + "); the server must be started with --webhook-allow-private to send there";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
