package dev.referly.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.commissions.ProgramFixture;
import dev.referly.http.RouteTable.Route;
import dev.referly.rewards.RewardEvent;
import dev.referly.testing.DashboardLogin;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Malformed input to every route of the server, generated from its route table (a route added
 * later is covered without touching this test): malformed path parameters, query parameters and
 * bodies, with a valid API key and dashboard session of a workspace holding real data, and without.
 * No answer may be a 5xx, and no table may change.
 */
class RouteFuzzIT extends ServerPerStore {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern PARAM = Pattern.compile("\\{[^}/]+}|\\*");
    private static final String LONG = "x".repeat(3_000);

    /** Path segments: NUL, traversal, unicode, wrong prefixes, huge, broken percent-encoding. */
    private static final List<String> BAD_SEGMENTS = List.of("%00", "a%00b", "..", "%2E%2E", "a%2F..%2F..", "%F0%9F%92%A9",
            "%C3%A9t%C3%A9", "%FF%FE", "cm_01JZZZZZZZZZZZZZZZZZZZZZZZ", "lnk_", "pn_%00", "-1",
            "99999999999999999999999", "%20", "%25", "x".repeat(2_000));

    /** Values given to every known query parameter at once, one query per value. */
    private static final List<String> BAD_QUERY_VALUES = List.of("%00", "a%00b", "%2B999999999-12-31T23%3A59%3A59Z",
            "-999999999-01-01", "99999999999999999999999", "-99999999999999999999", "-1", "0", "1e309", "NaN",
            "%5B%5D", "%7B%7D", "%F0%9F%92%A9", "%FF%FE", "", "true%00");

    private static final List<String> QUERY_NAMES = List.of("start", "end", "interval", "timezone", "page", "pageSize",
            "limit", "status", "partnerId", "linkId", "linkIds", "customerId", "programId", "groupId", "tenantId",
            "externalId", "event", "groupBy", "sortBy", "sortOrder", "search", "domain", "key", "email", "url", "size",
            "fgColor", "bgColor", "token", "type", "unit", "holder", "country", "since", "before", "after", "q", "msg",
            "created", "theme", "accentColor", "backgroundColor", "invoiceId", "payoutId", "webhookId", "query");

    /** Fields set all at once to one wrong value per body: every handler reads some of them. */
    private static final List<String> BODY_FIELDS = List.of("url", "key", "domain", "name", "email", "partnerId",
            "partnerIds", "linkId", "linkIds", "customerId", "customerExternalId", "customerEmail", "customerName",
            "programId", "groupId", "tenantId", "externalId", "amount", "currency", "status", "event", "eventName",
            "invoiceId", "clickId", "paymentProcessor", "metadata", "unit", "reason", "idempotencyKey", "type",
            "amountInCents", "amountInPercentage", "holdingPeriodDays", "slug", "description", "expiresAt", "start",
            "end", "triggers", "secret", "title", "image", "rewards", "conditions", "modifiers", "maxDuration",
            "minPayoutAmount", "username", "country", "password", "workspace", "failureReason", "code", "quantity",
            "productId", "commissionIds", "ids", "enabled", "rules", "months", "value", "referralCode", "leadEventName",
            "paramName", "burstLimit", "allowedHostnames", "hostnames", "interval", "saleAmount", "trigger", "target");

    private static final List<Object> WRONG_VALUES = List.of(List.of(1, List.of(2)), Map.of("a", Map.of("b", 1)),
            "a\u0000b", LONG, Long.MIN_VALUE, new java.math.BigInteger("99999999999999999999999999"), -1, 1.5e300, true);

    /**
     * Tables that change when read: a signed-in dashboard request moves the session's expiry
     * (sliding sessions, by design). Every other table must be byte-for-byte unchanged.
     */
    private static final Set<String> CHANGE_ON_READ = Set.of("dashboard_sessions");

    private record Attempt(String method, String path, byte[] body, Map<String, String> headers) {
        String describe() {
            String shown = body == null ? "" : " " + new String(body, StandardCharsets.UTF_8);
            return method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
                    + (shown.length() > 120 ? shown.substring(0, 120) + "..." : shown);
        }
    }

    @Test
    void noRouteAnswers5xxOrChangesStateOnMalformedInput() throws Exception {
        ProgramFixture program = ProgramFixture.create(server);
        Map<String, String> ids = realData(program);
        DashboardLogin owner = DashboardLogin.owner(server, program.workspaceId, "fuzz-" + store + "@acme.example");
        List<Route> routes = server.app().routes();
        assertThat(routes).hasSizeGreaterThan(100);

        Map<String, String> before = settledSnapshot();
        Map<String, String> signedIn = new LinkedHashMap<>(owner.headers());
        signedIn.put("Authorization", "Bearer " + program.apiKey);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>();
        for (Route route : routes) {
            for (Map<String, String> auth : List.of(signedIn, Map.<String, String>of())) {
                if (!auth.isEmpty() && endsTheSession(route)) {
                    continue;
                }
                attempts.addAll(attempts(route, ids, auth));
            }
        }
        String base = api().base();
        System.out.printf("Route fuzz on %s: %d requests to send%n", store, attempts.size());
        // A few at a time: the server takes concurrent requests, and the run stays within a minute or two.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> answers = new ArrayList<>();
            for (Attempt a : attempts) {
                answers.add(pool.submit(() -> {
                    Answer r = send(base, a);
                    if (r.status() < 400 && !Set.of("GET", "HEAD", "OPTIONS").contains(a.method())) {
                        System.out.println("ACCEPTED " + r.status() + " <- " + a.describe());
                    }
                    return r.status() >= 500 || r.status() == 0 ? r.status() + " <- " + a.describe()
                            + (a.headers().containsKey("Cookie") ? "" : " (no auth)") + " : " + abbreviate(r.body()) : null;
                }));
            }
            for (Future<String> answer : answers) {
                String failure = answer.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("Route fuzz on %s: %d routes, %d requests in %d s%n", store, routes.size(), attempts.size(), seconds);
        Map<String, String> after = settledSnapshot();
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(failures).as("5xx answers on %s (%d of %d requests)", store, failures.size(), attempts.size()).isEmpty();
            Map<String, String> changed = new TreeMap<>();
            before.forEach((table, digest) -> {
                if (!digest.equals(after.get(table))) {
                    changed.put(table, digest + " -> " + after.get(table));
                }
            });
            after.keySet().stream().filter(t -> !before.containsKey(t)).forEach(t -> changed.put(t, "new table"));
            soft.assertThat(changed).as("tables changed by malformed requests on %s", store).isEmpty();
        });
    }

    /** Signing out is what POST /dashboard/logout does with any input: sent only without a session. */
    private static boolean endsTheSession(Route route) {
        return route.pathPattern().equals("/dashboard/logout");
    }

    /**
     * A workspace with a program, a partner with links, a click, a lead, a sale with its commission
     * and a payout, so routes reach past "not found" with real ids.
     */
    private static Map<String, String> realData(ProgramFixture program) {
        String group = program.group(0);
        program.reward(group, ProgramFixture.flat(RewardEvent.SALE, 500));
        String partner = program.partner(program.defaultGroupId, "fuzz-partner@acme.example");
        String link = program.partnerLink(partner);
        String click = program.click(link, "utm_source=fuzz");
        program.lead(click, "fuzz-customer", "fuzz-customer@acme.example", "Sign up");
        program.sale("fuzz-customer", 10_000, "inv-fuzz", null);
        Http.Response custom = program.api.post("/commissions", Map.of("partnerId", partner, "amount", 12_345));
        assertThat(custom.status()).as(custom.toString()).isEqualTo(202);
        String commission = custom.json().get("id").asText();
        Http.Response run = program.api.post("/payouts/run", Map.of());
        assertThat(run.json()).as(run.toString()).isNotEmpty();
        String payout = run.json().get(0).get("id").asText();
        String customer = program.api.get("/customers").json().get(0).get("id").asText();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("links", link);
        ids.put("partners", partner);
        ids.put("commissions", commission);
        ids.put("payouts", payout);
        ids.put("customers", customer);
        ids.put("groups", group);
        return ids;
    }

    private static List<Attempt> attempts(Route route, Map<String, String> ids, Map<String, String> auth) {
        String method = route.method().equals("ANY") ? "POST" : route.method();
        String pattern = route.pathPattern();
        boolean hasParams = PARAM.matcher(pattern).find();
        boolean takesBody = !Set.of("GET", "HEAD", "OPTIONS", "DELETE").contains(method);
        List<Attempt> out = new ArrayList<>();
        // Malformed path parameters, one value in every parameter at once.
        if (hasParams) {
            for (String segment : BAD_SEGMENTS) {
                out.add(new Attempt(method, fill(pattern, segment, ids), takesBody ? "{}".getBytes() : null,
                        json(auth)));
            }
        }
        // Well-formed path, malformed queries and bodies. Real ids only where the method cannot act
        // without valid input (GET, PUT, PATCH): a DELETE or a POST action ignoring its body would
        // rightly act on a real id, so those get an id that names nothing.
        String path = fill(pattern, null, Set.of("GET", "HEAD", "PUT", "PATCH").contains(method) ? ids : Map.of());
        for (String value : BAD_QUERY_VALUES) {
            out.add(new Attempt(method, path + "?" + QUERY_NAMES.stream().map(n -> n + "=" + value)
                    .collect(Collectors.joining("&")), null, auth));
        }
        out.add(new Attempt(method, path + "?" + QUERY_NAMES.stream().map(n -> n + "=1&" + n + "=2&" + n + "%5B%5D=3")
                .collect(Collectors.joining("&")), null, auth));
        // Huge values in a few parameters only: the whole request line stays under the server's cap.
        out.add(new Attempt(method, path + "?" + QUERY_NAMES.subList(0, 4).stream().map(n -> n + "=" + LONG.substring(0, 1_000))
                .collect(Collectors.joining("&")), null, auth));
        if (takesBody) {
            for (byte[] body : jsonBodies()) {
                out.add(new Attempt(method, path, body, json(auth)));
            }
            for (byte[] body : formBodies()) {
                out.add(new Attempt(method, path, body, with(auth, "application/x-www-form-urlencoded")));
            }
        }
        return out;
    }

    private static List<byte[]> jsonBodies() {
        List<String> bodies = new ArrayList<>(List.of("not json", "", "[]", "[[[[[[1]]]]]]", "\"text\"", "12", "null",
                "{\"a\":", "{\"url\":\"https://acme.example/\"} trailing", "{\"name\":\"a\",\"name\":\"b\"}"));
        for (Object wrong : WRONG_VALUES) {
            Map<String, Object> body = new TreeMap<>();
            BODY_FIELDS.forEach(f -> body.put(f, wrong));
            try {
                bodies.add(Http.JSON.writeValueAsString(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<byte[]> formBodies() {
        List<String> bodies = new ArrayList<>(List.of("a=%zz&b", "%00=1", "=&&=", ""));
        // Only values no field takes: "-1" or an emoji would be a fine name for an API key.
        for (String value : List.of("%00", "a%00b", LONG, "%zz")) {
            bodies.add(BODY_FIELDS.stream().map(f -> f + "=" + value).collect(Collectors.joining("&")));
        }
        return bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Each parameter (and a trailing wildcard) replaced by {@code value}, or by a real id / plausible value when null. */
    private static String fill(String pattern, String value, Map<String, String> ids) {
        String resource = pattern.split("/").length > 1 ? pattern.split("/")[1] : "";
        Matcher m = PARAM.matcher(pattern);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            String replacement = value;
            if (replacement == null) {
                replacement = m.group().equals("{event}") ? "sale"
                        : first && ids.containsKey(resource) ? ids.get(resource) : "zz_missing";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            first = false;
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> json(Map<String, String> auth) {
        return with(auth, "application/json");
    }

    private static Map<String, String> with(Map<String, String> auth, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(auth);
        headers.put("Content-Type", contentType);
        return headers;
    }

    /** The status and (bounded) body of the answer; an event stream is closed once its headers arrive. */
    private record Answer(int status, String body) {}

    private static Answer send(String base, Attempt a) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + a.path())).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("The test built a target the client cannot send: " + a.describe(), e);
        }
        a.headers().forEach(b::header);
        b.method(a.method(), a.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(a.body()));
        try {
            HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                return new Answer(r.statusCode(), stream ? "(event stream)"
                        : new String(in.readNBytes(4_096), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return new Answer(0, "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }

    /**
     * A snapshot once background work (click rollups, the outbox, provisioning) has caught up:
     * two in a row that agree, so only the requests can explain a difference.
     */
    private static Map<String, String> settledSnapshot() throws InterruptedException {
        Map<String, String> previous = snapshot();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            Map<String, String> now = snapshot();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("The tables never settled: " + previous);
    }

    /** Per table: its row count and a digest of its rows (order-independent). */
    private static Map<String, String> snapshot() {
        return server.app().database().jdbi().withHandle(h -> {
            Map<String, String> tables = new TreeMap<>();
            for (String table : tableNames(h)) {
                if (!CHANGE_ON_READ.contains(table)) {
                    tables.put(table, digest(h, table));
                }
            }
            return tables;
        });
    }

    private static List<String> tableNames(Handle h) {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema == null || schema.equals("public")) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static String digest(Handle h, String table) {
        List<String> rows = new ArrayList<>();
        try (var statement = h.getConnection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('\u0001');
                }
                rows.add(row.toString());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(table, e);
        }
        rows.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> sha.update(r.getBytes(StandardCharsets.UTF_8)));
            return rows.size() + " rows " + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
