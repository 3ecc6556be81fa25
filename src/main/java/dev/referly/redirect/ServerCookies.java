package dev.referly.redirect;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server-set attribution cookie: on a configured tracking host (a CNAME of the company's
 * site, e.g. go.acme.com) the redirect itself sets {@code dub_id} for the company's domain.
 * Decided at start-up from the configuration, so the redirect pays one map lookup.
 */
public final class ServerCookies {
    static final long MAX_AGE_SECONDS = 90L * 24 * 60 * 60;

    private final Map<String, String> cookieDomainByHost = new HashMap<>();

    public ServerCookies(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.strip().toLowerCase(Locale.ROOT).split("=", 2);
            String host = parts[0].strip();
            String domain = parts.length == 2 ? parts[1].strip() : host.substring(host.indexOf('.') + 1);
            if (!host.isEmpty() && !domain.isEmpty()) {
                cookieDomainByHost.put(host, domain.startsWith(".") ? domain.substring(1) : domain);
            }
        }
    }

    /** The Set-Cookie header for a click served on {@code host}, or null when the host sets none. */
    String setCookie(String host, String clickId, java.util.function.BooleanSupplier secure) {
        if (cookieDomainByHost.isEmpty() || clickId == null) {
            return null;
        }
        String domain = cookieDomainByHost.get(host);
        if (domain == null) {
            int colon = host.lastIndexOf(':');
            domain = colon > 0 ? cookieDomainByHost.get(host.substring(0, colon)) : null;
        }
        if (domain == null) {
            return null;
        }
        return "dub_id=" + clickId + "; Domain=" + domain + "; Path=/; Max-Age=" + MAX_AGE_SECONDS + "; SameSite=Lax"
                + (secure.getAsBoolean() ? "; Secure" : "");
    }
}
