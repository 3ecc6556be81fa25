package dev.referly.dashboard;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One dashboard request: the signed-in session, the posted form, and ways to answer. */
final class Web {
    static final String SESSION_COOKIE = "referly_session";
    /** Content Security Policy: only our own scripts and styles, no framing. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    final ServerRequest req;
    final ServerResponse res;
    final Sessions.Session session;
    final Form form;

    Web(ServerRequest req, ServerResponse res, Sessions.Session session, Form form) {
        this.req = req;
        this.res = res;
        this.session = session;
        this.form = form;
    }

    Account account() {
        return session.account();
    }

    String ws() {
        return session.account().workspaceId();
    }

    String csrf() {
        return session.csrfToken();
    }

    /** A query parameter, or null when absent or blank. */
    String query(String name) {
        if (!req.query().contains(name)) {
            return null;
        }
        String v = req.query().get(name);
        return v.isBlank() ? null : v.strip();
    }

    int page() {
        try {
            String p = query("page");
            return p == null ? 1 : Math.max(1, Math.min(10_000, Integer.parseInt(p)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    String param(String name) {
        return req.path().pathParameters().get(name);
    }

    void html(int status, String html) {
        secureHeaders(res);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    static void secureHeaders(ServerResponse res) {
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "same-origin");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }

    /** Post/redirect/get: after a change, the browser loads {@code path} with a message. */
    void redirect(String path, String message) {
        int hash = path.indexOf('#');
        String fragment = hash < 0 ? "" : path.substring(hash);
        String base = hash < 0 ? path : path.substring(0, hash);
        redirect(res, message == null ? path : base + (base.contains("?") ? "&" : "?") + "msg="
                + URLEncoder.encode(message, StandardCharsets.UTF_8) + fragment);
    }

    static void redirect(ServerResponse res, String path) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, path);
        res.send();
    }

    void csv(String filename, String csv) {
        secureHeaders(res);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        res.send(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** A cookie value from the request, or null. */
    static String cookie(ServerRequest req, String name) {
        for (String header : req.headers().all(HeaderNames.COOKIE, java.util.List::of)) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                    return part.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }

    /** Secure when the browser talks https to us or to the proxy in front of us. */
    static boolean https(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase)
                .orElse(false);
    }

    static void setCookie(ServerRequest req, ServerResponse res, String name, String value, long maxAgeSeconds) {
        res.headers().add(HeaderNames.SET_COOKIE, name + "=" + value + "; Path=/dashboard; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (https(req) ? "; Secure" : ""));
    }
}
