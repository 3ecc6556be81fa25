package dev.referly.http;

import dev.referly.config.HttpLimits;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Around every request Helidon routes: makes the limits known to the JSON parser, and keeps a
 * {@code Connection: close} request's unread body from being run as a request.
 *
 * <p>Helidon 4.5.0 skips the unread body of a request whose answer closes the connection,
 * yet keeps the connection open and parses that body as the next request (request
 * smuggling). No later 4.x release is on Maven Central yet; until one fixes it, the body is
 * read to its end here, so nothing of it is left to parse. The front ends Helidon's input
 * after such a request, so Helidon then closes.
 */
final class EdgeFilter implements Filter {
    private final HttpLimits limits;

    EdgeFilter(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().register(limits);
        boolean closes = req.headers().containsToken(HeaderValues.CONNECTION_CLOSE);
        try {
            chain.proceed();
        } finally {
            if (closes) {
                drain(req);
            }
        }
    }

    private static void drain(RoutingRequest req) {
        try {
            if (req.content().hasEntity() && !req.content().consumed()) {
                req.content().consume();
            }
        } catch (RuntimeException e) {
            // A body that cannot be read to its end (too large, malformed) leaves the
            // connection's position unknown: it must end here.
            throw new CloseConnectionException("Unreadable body on a closing connection", e);
        }
    }
}
