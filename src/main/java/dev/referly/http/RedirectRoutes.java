package dev.referly.http;

import dev.referly.redirect.RedirectAnswer;
import dev.referly.redirect.RedirectRequest;
import dev.referly.redirect.ShortLinkRedirect;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Short links reaching Helidon: only requests on connections the redirect front passed through
 * (one that carried an API call first). Answers exactly as the front does, through
 * {@link ShortLinkRedirect}.
 */
final class RedirectRoutes {
    private static final HeaderName NO_TRACK_HEADER = HeaderNames.create(ShortLinkRedirect.NO_TRACK);
    private static final long COMMIT_WAIT_SECONDS = 10;

    private final ShortLinkRedirect redirect;

    RedirectRoutes(ShortLinkRedirect redirect) {
        this.redirect = redirect;
    }

    void register(HttpRules rules) {
        rules.get("/*", this::redirect).head("/*", this::redirect);
    }

    private void redirect(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        if (!ShortLinkRedirect.isShortLinkPath(path)) {
            res.next();
            return;
        }
        var headers = req.headers();
        RedirectRequest request = new RedirectRequest(req.prologue().method() == Method.HEAD, req.authority(), path,
                req.query().rawValue(), peerIp(req), headers.first(HeaderNames.USER_AGENT).orElse(null),
                headers.first(HeaderNames.REFERER).orElse(null), headers.first(HeaderNames.X_FORWARDED_FOR).orElse(null),
                headers.first(HeaderNames.X_FORWARDED_PROTO).orElse(null), headers.contains(NO_TRACK_HEADER));
        RedirectAnswer answer;
        try {
            answer = redirect.answer(request).get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            answer = RedirectAnswer.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = RedirectAnswer.unavailable();
        }
        send(res, answer);
    }

    /** The visitor's address: the one the redirect front passed on in the PROXY header, else the socket's peer. */
    static String peerIp(ServerRequest req) {
        var proxied = req.proxyProtocolData().map(ProxyProtocolData::sourceAddress);
        if (proxied.isPresent()) {
            return proxied.get();
        }
        SocketAddress address = req.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return req.remotePeer().host();
    }

    private static void send(ServerResponse res, RedirectAnswer answer) {
        res.status(answer.status());
        if (answer.linkFound()) {
            res.header(HeaderNames.CACHE_CONTROL, "private, no-store");
            res.header("X-Robots-Tag", "noindex");
        }
        if (answer.retryLater()) {
            res.header(HeaderNames.RETRY_AFTER, "1");
        }
        if (answer.setCookie() != null) {
            res.header(HeaderNames.SET_COOKIE, answer.setCookie());
        }
        if (answer.location() != null) {
            res.header(HeaderNames.LOCATION, answer.location());
            res.send();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.send(answer.body());
        }
    }
}
