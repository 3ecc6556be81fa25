package dev.referly.http;

import dev.referly.config.RateLimits;
import dev.referly.config.RateLimits.Bucket;
import dev.referly.embed.PublishableKeys;
import dev.referly.redirect.TrustedProxies;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Sha256;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rate limits of the Helidon routes (the redirect front is never limited): per secret API
 * key, per publishable key, and per client IP on the routes anyone may call, plus a per-IP
 * budget of failed authentications. A refusal is Dub's 429 {@code rate_limit_exceeded} with
 * {@code Retry-After} and the IETF {@code RateLimit} / {@code RateLimit-Policy} headers.
 */
final class RateLimitFilter implements Filter {
    private final RateLimits limits;
    private final RateLimiter limiter;
    private final TrustedProxies proxies;

    RateLimitFilter(RateLimits limits, RateLimiter limiter, TrustedProxies proxies) {
        this.limits = limits;
        this.limiter = limiter;
        this.proxies = proxies;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RateLimiter.Decision tightest = null;
        for (RateLimiter.Decision d : decisions(req)) {
            if (!d.allowed()) {
                refuse(res, d);
                return;
            }
            if (tightest == null || d.remaining() < tightest.remaining()) {
                tightest = d;
            }
        }
        if (tightest != null) {
            headers(res, tightest);
        }
        chain.proceed();
    }

    /** Called for each answer 401: counts a failed authentication against the client's address. */
    void failedAuthentication(ServerRequest req) {
        RateLimits.Limit limit = limits.of(Bucket.AUTH_FAILURE);
        if (!limit.unlimited()) {
            limiter.take(Bucket.AUTH_FAILURE, limit, clientIp(req));
        }
    }

    private List<RateLimiter.Decision> decisions(ServerRequest req) {
        List<RateLimiter.Decision> out = new ArrayList<>(2);
        String path = req.path().path();
        boolean post = req.prologue().method() == Method.POST;
        String bearer = bearer(req);
        if (bearer != null) {
            // Checked before the key is looked up: an address that keeps failing is refused even a valid key.
            peek(out, Bucket.AUTH_FAILURE, () -> clientIp(req));
            if (bearer.startsWith(PublishableKeys.PREFIX)) {
                if (path.startsWith("/track/")) {
                    // The address first: one that is over its limit does not use up the key's budget.
                    take(out, Bucket.TRACK_IP, () -> clientIp(req));
                    take(out, Bucket.PUBLISHABLE_KEY, () -> digest(bearer));
                }
            } else {
                take(out, Bucket.API_KEY, () -> digest(bearer));
            }
        }
        if (post && (path.equals("/dashboard/login") || path.equals("/dashboard/setup"))) {
            take(out, Bucket.SIGN_IN, () -> clientIp(req));
        } else if (path.startsWith("/embed/")) {
            take(out, Bucket.EMBED, () -> clientIp(req));
        } else if (path.equals("/qr")) {
            take(out, Bucket.QR, () -> clientIp(req));
        }
        return out;
    }

    /** Counts the request in {@code bucket}, unless an earlier bucket already refused it. */
    private void take(List<RateLimiter.Decision> out, Bucket bucket, Supplier<String> key) {
        RateLimits.Limit limit = limits.of(bucket);
        if (!limit.unlimited() && out.stream().allMatch(RateLimiter.Decision::allowed)) {
            out.add(limiter.take(bucket, limit, key.get()));
        }
    }

    private void peek(List<RateLimiter.Decision> out, Bucket bucket, Supplier<String> key) {
        RateLimits.Limit limit = limits.of(bucket);
        if (!limit.unlimited()) {
            RateLimiter.Decision d = limiter.peek(bucket, limit, key.get());
            if (!d.allowed()) {
                out.add(d);
            }
        }
    }

    private static void refuse(ServerResponse res, RateLimiter.Decision d) {
        headers(res, d);
        res.header(HeaderNames.RETRY_AFTER, Long.toString(d.resetSeconds()));
        ApiServer.error(res, new ApiException(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many requests: at most "
                + d.limit().requests() + " per " + d.limit().window().toSeconds() + " seconds ("
                + d.bucket().configName + "). Retry after " + d.resetSeconds() + " seconds."));
    }

    /** draft-ietf-httpapi-ratelimit-headers: the policy (quota q per window w) and what is left (r, reset in t). */
    private static void headers(ServerResponse res, RateLimiter.Decision d) {
        String name = "\"" + d.bucket().configName + "\"";
        res.header("RateLimit-Policy", name + ";q=" + d.limit().requests() + ";w=" + d.limit().window().toSeconds());
        res.header("RateLimit", name + ";r=" + d.remaining() + ";t=" + d.resetSeconds());
    }

    private String clientIp(ServerRequest req) {
        return proxies.clientIp(RedirectRoutes.peerIp(req), req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(null));
    }

    private static String bearer(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    /** Counters are keyed by a digest, so no key is held in memory in the clear. */
    private static String digest(String key) {
        return Sha256.hex(key);
    }
}
