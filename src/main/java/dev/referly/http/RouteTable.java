package dev.referly.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's routes as registered: method and path pattern of each. Helidon's routing cannot
 * list its routes, so registration goes through {@link #rules}, which records each route and hands
 * it on. The route-table fuzz test walks this list, so a new route is covered without touching it.
 */
public final class RouteTable {
    /** One registered route; {@code method} is {@code ANY} for a route taking every method. */
    public record Route(String method, String pathPattern) {}

    private final List<Route> routes = new ArrayList<>();

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** Rules that record every route registered through them into this table, then register it on {@code target}. */
    HttpRules rules(HttpRules target) {
        return new Recording(target);
    }

    private final class Recording implements HttpRules {
        private final HttpRules target;

        Recording(HttpRules target) {
            this.target = target;
        }

        private HttpRules add(String method, String pathPattern) {
            routes.add(new Route(method, pathPattern));
            return this;
        }

        @Override
        public HttpRules get(String pathPattern, Handler... handlers) {
            target.get(pathPattern, handlers);
            return add("GET", pathPattern);
        }

        @Override
        public HttpRules post(String pathPattern, Handler... handlers) {
            target.post(pathPattern, handlers);
            return add("POST", pathPattern);
        }

        @Override
        public HttpRules put(String pathPattern, Handler... handlers) {
            target.put(pathPattern, handlers);
            return add("PUT", pathPattern);
        }

        @Override
        public HttpRules patch(String pathPattern, Handler... handlers) {
            target.patch(pathPattern, handlers);
            return add("PATCH", pathPattern);
        }

        @Override
        public HttpRules delete(String pathPattern, Handler... handlers) {
            target.delete(pathPattern, handlers);
            return add("DELETE", pathPattern);
        }

        @Override
        public HttpRules head(String pathPattern, Handler... handlers) {
            target.head(pathPattern, handlers);
            return add("HEAD", pathPattern);
        }

        @Override
        public HttpRules options(String pathPattern, Handler... handlers) {
            target.options(pathPattern, handlers);
            return add("OPTIONS", pathPattern);
        }

        @Override
        public HttpRules trace(String pathPattern, Handler... handlers) {
            target.trace(pathPattern, handlers);
            return add("TRACE", pathPattern);
        }

        @Override
        public HttpRules any(String pathPattern, Handler... handlers) {
            target.any(pathPattern, handlers);
            return add("ANY", pathPattern);
        }

        @Override
        public HttpRules route(Method method, String pathPattern, Handler handler) {
            target.route(method, pathPattern, handler);
            return add(method.text(), pathPattern);
        }

        // Registrations whose method or path this table cannot read are refused rather than let a
        // route escape the list (and the fuzz test): register with a method and a path pattern.

        @Override
        public HttpRules register(HttpService... services) {
            throw unlisted();
        }

        @Override
        public HttpRules register(String pathPattern, HttpService... services) {
            throw unlisted();
        }

        @Override
        public HttpRules route(HttpRoute route) {
            throw unlisted();
        }

        private UnsupportedOperationException unlisted() {
            return new UnsupportedOperationException("Register routes with a method and a path pattern"
                    + " (get, post, ...), so that the route table lists them");
        }
    }
}
