package dev.referly.integrations.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the parts of Stripe's API that credit provisioning calls. It records every
 * request, can fail the next N, and replays a successful answer for a repeated Idempotency-Key as
 * Stripe does, so {@link #applied} counts what really took effect.
 */
final class StripeStandIn implements AutoCloseable {
    record Request(String method, String path, String query, Map<String, String> form, String idempotencyKey,
            String authorization) {}

    private final HttpServer http;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger seq = new AtomicInteger();
    /** Stripe customer ids that have an active subscription (sub_ + the customer id). */
    final Set<String> subscribed = ConcurrentHashMap.newKeySet();

    StripeStandIn() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    void failNext(int n) {
        failures.set(n);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose path ends with this suffix (a prefix in front names the calling process). */
    List<Request> to(String method, String pathPart) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    /** Idempotency keys of the requests that took effect: each applied once, however often it was sent. */
    Set<String> applied() {
        return Set.copyOf(answered.keySet());
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        Request r = new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), form(body), key,
                ex.getRequestHeaders().getFirst("Authorization"));
        synchronized (this) {
            requests.add(r);
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(ex, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"Stand-in failure\"}}");
            return;
        }
        if (key != null && r.method().equals("POST") && answered.containsKey(key)) {
            send(ex, 200, answered.get(key));
            return;
        }
        String answer = answer(r);
        if (answer == null) {
            send(ex, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such route\"}}");
            return;
        }
        if (key != null && r.method().equals("POST")) {
            answered.put(key, answer);
        }
        send(ex, 200, answer);
    }

    private String answer(Request r) {
        String p = r.path().replaceFirst("^.*?/v1/", "/v1/");
        if (r.method().equals("POST") && p.matches("/v1/customers/[^/]+/balance_transactions")) {
            String customer = p.split("/")[3];
            return "{\"id\":\"cbtxn_" + seq.incrementAndGet() + "\",\"object\":\"customer_balance_transaction\","
                    + "\"amount\":" + r.form().get("amount") + ",\"currency\":\"" + r.form().get("currency")
                    + "\",\"customer\":\"" + customer + "\",\"type\":\"adjustment\"}";
        }
        if (r.method().equals("POST") && p.equals("/v1/coupons")) {
            return "{\"id\":\"coupon_" + seq.incrementAndGet() + "\",\"object\":\"coupon\",\"percent_off\":100}";
        }
        if (r.method().equals("GET") && p.equals("/v1/subscriptions")) {
            Map<String, String> q = form(r.query() == null ? "" : r.query());
            String customer = q.get("customer");
            boolean has = subscribed.contains(customer) && "active".equals(q.get("status"));
            return "{\"object\":\"list\",\"url\":\"/v1/subscriptions\",\"has_more\":false,\"data\":["
                    + (has ? "{\"id\":\"sub_" + customer + "\",\"object\":\"subscription\",\"status\":\"active\","
                            + "\"customer\":\"" + customer + "\",\"discounts\":[]}" : "")
                    + "]}";
        }
        if (r.method().equals("POST") && p.startsWith("/v1/subscriptions/")) {
            return "{\"id\":\"" + p.substring("/v1/subscriptions/".length()) + "\",\"object\":\"subscription\","
                    + "\"status\":\"active\"}";
        }
        return null;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            form.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Request-Id", "req_standin");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    static Map<String, Integer> countBy(List<Request> requests, java.util.function.Function<Request, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        requests.forEach(r -> counts.merge(key.apply(r), 1, Integer::sum));
        return counts;
    }
}
