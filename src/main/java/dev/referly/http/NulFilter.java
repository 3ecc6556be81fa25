package dev.referly.http;

import dev.referly.redirect.ShortLinkRedirect;
import dev.referly.shared.ApiException;
import dev.referly.shared.NulCharacters;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a NUL character in the path (every path id) or in any query parameter, with a 400
 * before any route runs, so no id or filter holding one reaches a query. Short links are left to
 * {@link ShortLinkRedirect}, which answers them exactly as the redirect front does.
 */
final class NulFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ApiException refused = refusal(req);
        if (refused == null) {
            chain.proceed();
        } else {
            ApiServer.error(res, refused);
        }
    }

    private static ApiException refusal(RoutingRequest req) {
        Method method = req.prologue().method();
        if ((method == Method.GET || method == Method.HEAD) && ShortLinkRedirect.isShortLinkPath(req.path().rawPath())) {
            return null;
        }
        if (NulCharacters.in(req.path().path())) {
            return ApiException.badRequest("The path must not contain NUL characters.");
        }
        if (NulCharacters.inQuery(req.query().rawValue())) {
            for (String name : req.query().names()) {
                if (NulCharacters.in(name) || req.query().all(name).stream().anyMatch(NulCharacters::in)) {
                    return ApiException.badRequest("Query parameter '" + name.replace('\0', '?')
                            + "' must not contain NUL characters.");
                }
            }
        }
        return null;
    }
}
