package dev.referly.http;

import dev.referly.clicks.ClickRecorder;
import dev.referly.clicks.Visit;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkResolver;
import dev.referly.links.RedirectTarget;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The short-link redirect: the hot path. It does a cached lookup, hands the click to the
 * writer and (in durable mode) waits for the commit before answering.
 */
final class RedirectRoutes {
    private static final Logger LOG = Logger.getLogger(RedirectRoutes.class.getName());
    private static final String ROOT_KEY = "_root";
    private static final String NO_TRACK = "dub-no-track";
    private static final io.helidon.http.HeaderName NO_TRACK_HEADER = HeaderNames.create(NO_TRACK);
    private static final Set<String> CONTROL_PARAMS = Set.of("qr", NO_TRACK, "dub_client_reference_id");
    private static final long COMMIT_WAIT_SECONDS = 10;
    private static final io.helidon.http.HeaderName X_FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");

    private final LinkResolver resolver;
    private final ClickRecorder clicks;
    private final TrustedProxies proxies;
    private final String defaultDomain;
    private final Clock clock;
    private final ServerCookies cookies;

    RedirectRoutes(LinkResolver resolver, ClickRecorder clicks, TrustedProxies proxies, String defaultDomain, Clock clock,
            ServerCookies cookies) {
        this.cookies = cookies;
        this.resolver = resolver;
        this.clicks = clicks;
        this.proxies = proxies;
        this.defaultDomain = defaultDomain;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.get("/*", this::redirect).head("/*", this::redirect);
    }

    private void redirect(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (isApiPath(path)) {
            res.next();
            return;
        }
        boolean root = path.equals("/") || path.isEmpty();
        String key = root ? ROOT_KEY : QueryString.decode(path.substring(1));
        if (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        String host = host(req);
        Optional<RedirectTarget> found = lookup(host, key);
        if (found.isEmpty() || found.get().disabled()) {
            text(res, 404, "Link not found.");
            return;
        }
        RedirectTarget target = found.get();
        res.header(HeaderNames.CACHE_CONTROL, "private, no-store");
        res.header("X-Robots-Tag", "noindex");
        if (target.expiredAt(clock.millis())) {
            if (target.expiredUrl() == null) {
                text(res, 410, "This link has expired.");
            } else {
                location(res, 302, target.expiredUrl());
            }
            return;
        }
        List<QueryString.Pair> visitorQuery = QueryString.parse(req.query().rawValue());
        var params = QueryString.decoded(visitorQuery);
        String clickId = null;
        boolean counted = req.prologue().method() == Method.GET && !req.headers().contains(NO_TRACK_HEADER)
                && !params.containsKey(NO_TRACK);
        if (counted) {
            String ua = req.headers().first(HeaderNames.USER_AGENT).orElse(null);
            String referer = req.headers().first(HeaderNames.REFERER).orElse(null);
            String ip = proxies.clientIp(peerIp(req), req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(null));
            Visit visit = new Visit(target.linkId(), target.workspaceId(), target.url(), ip, ua, referer, params,
                    req.query().rawValue());
            Optional<CompletableFuture<String>> stored = clicks.record(visit);
            if (stored.isPresent()) {
                try {
                    clickId = stored.get().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // The click could not be made durable: refusing beats answering with a click we may lose.
                    LOG.log(Level.WARNING, "Click not stored for link " + target.linkId(), e);
                    res.header(HeaderNames.RETRY_AFTER, "1");
                    text(res, 503, "Temporarily unavailable, please retry.");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    text(res, 503, "Temporarily unavailable, please retry.");
                    return;
                }
            }
        }
        String cookie = cookies.setCookie(host, clickId, () -> req.isSecure()
                || "https".equalsIgnoreCase(req.headers().first(X_FORWARDED_PROTO).orElse("")));
        if (cookie != null) {
            res.header(HeaderNames.SET_COOKIE, cookie);
        }
        List<QueryString.Pair> extra = List.of();
        if (clickId != null && target.passClickId()) {
            extra = params.containsKey("dub_client_reference_id")
                    ? List.of(new QueryString.Pair("client_reference_id", "dub_id_" + clickId))
                    : List.of(new QueryString.Pair("dub_id", clickId));
        }
        location(res, root ? 301 : 302, QueryString.merge(target.url(), visitorQuery, CONTROL_PARAMS, extra));
    }

    /** Paths under the API's and pages' first segments (links may not use them, see LinkInput). */
    private static boolean isApiPath(String path) {
        int end = path.indexOf('/', 1);
        return path.length() > 1 && LinkInput.isReservedFirstSegment(path.substring(1, end < 0 ? path.length() : end));
    }

    /** The link on the requested host; hosts with no such link fall back to the default short domain. */
    private Optional<RedirectTarget> lookup(String host, String key) {
        Optional<RedirectTarget> found = resolver.resolve(host, key);
        if (found.isEmpty() && !host.equals(defaultDomain)) {
            found = resolver.resolve(defaultDomain, key);
        }
        return found;
    }

    private String host(ServerRequest req) {
        String authority = req.authority();
        return authority == null || authority.isEmpty() ? defaultDomain : authority.toLowerCase(Locale.ROOT);
    }

    static String peerIp(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return req.remotePeer().host();
    }

    private static void location(ServerResponse res, int status, String url) {
        res.status(status);
        res.header(HeaderNames.LOCATION, url);
        res.send();
    }

    private static void text(ServerResponse res, int status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(message.getBytes(StandardCharsets.UTF_8));
    }
}
