package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GET /analytics through HTTP on both stores. Each test works in a workspace of its own; the
 * expected numbers come from GET /events (the raw event stream) where they can.
 */
class AnalyticsIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String PATH = "X-Referly-Analytics-Path";
    private static final List<String> EVENTS = List.of("clicks", "leads", "sales", "composite");
    private static final List<String> GROUP_BYS = List.of("count", "timeseries", "countries", "cities", "regions",
            "continents", "devices", "browsers", "os", "triggers", "referers", "referer_urls", "top_links", "top_urls",
            "utm_sources", "utm_mediums", "utm_campaigns", "utm_terms", "utm_contents");

    /** A client for a new, empty workspace. */
    static Http freshWorkspace() {
        return new Http("http://localhost:" + server.port(),
                server.app().workspaces().create("Analytics " + SEQ.incrementAndGet()).apiKey());
    }

    static String link(Http api) {
        String key = "an-" + SEQ.incrementAndGet();
        return api.post("/links", Map.of("url", "https://example.com/" + key, "key", key, "trackConversion", true))
                .json().get("id").asText() + " " + key;
    }

    /** Visits a link (id + " " + key); returns the click id. */
    static String click(String link, String ip, String ua, String query) {
        String key = link.split(" ")[1];
        Http.Response r = server.visitor().send("GET", "/" + key + query, null,
                Map.of("X-Forwarded-For", ip, "User-Agent", ua, "Referer", "https://news.example.org/post"));
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        return r.header("Location").replaceAll(".*dub_id=", "");
    }

    static String id(String link) {
        return link.split(" ")[0];
    }

    static void lead(Http api, String clickId, String customer) {
        Http.Response r = api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", customer));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    static void sale(Http api, String customer, long amount) {
        Http.Response r = api.post("/track/sale", Map.of("customerExternalId", customer, "amount", amount));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    static Http.Response analytics(Http api, String query, String path) {
        Http.Response r = path == null ? api.get("/analytics?" + query)
                : api.send("GET", "/analytics?" + query, null, Map.of(PATH, path));
        assertThat(r.status()).as(query + ": " + r).isEqualTo(200);
        return r;
    }

    /** Two links, five clicks from four places, two attributed leads, three sales. */
    static Http populated() {
        Http api = freshWorkspace();
        String a = link(api);
        String b = link(api);
        String c1 = click(a, "81.2.69.142", UserAgents.CHROME_MAC, "?utm_source=newsletter&utm_medium=email");
        click(a, "216.160.83.56", UserAgents.SAFARI_IPHONE, "?utm_source=newsletter&utm_campaign=fall");
        click(a, "2.125.160.216", UserAgents.CHROME_MAC, "?qr=1");
        String c4 = click(b, "89.160.20.112", UserAgents.SAFARI_IPHONE, "?utm_term=shoes&utm_content=hero");
        click(b, "81.2.69.142", UserAgents.SAFARI_IPHONE, "");
        String u1 = "cust-" + SEQ.incrementAndGet();
        String u2 = "cust-" + SEQ.incrementAndGet();
        lead(api, c1, u1);
        lead(api, c4, u2);
        sale(api, u1, 4900);
        sale(api, u2, 1000);
        sale(api, u2, 500);
        return api;
    }

    // ------------------------------------------------------------------ oracle from GET /events

    static final Map<String, Function<JsonNode, String>> KEY_OF_EVENT = Map.ofEntries(
            Map.entry("countries", e -> e.at("/click/country").asText()),
            Map.entry("cities", e -> e.at("/click/country").asText() + "|" + e.at("/click/region").asText() + "|"
                    + e.at("/click/city").asText()),
            Map.entry("regions", e -> e.at("/click/country").asText() + "|" + e.at("/click/region").asText()),
            Map.entry("continents", e -> e.at("/click/continent").asText()),
            Map.entry("devices", e -> e.at("/click/device").asText()),
            Map.entry("browsers", e -> e.at("/click/browser").asText()),
            Map.entry("os", e -> e.at("/click/os").asText()),
            Map.entry("triggers", e -> e.at("/click/trigger").asText()),
            Map.entry("referers", e -> e.at("/click/referer").asText()),
            Map.entry("referer_urls", e -> e.at("/click/refererUrl").asText()),
            Map.entry("top_links", e -> e.at("/link/id").asText()),
            Map.entry("top_urls", e -> e.at("/click/url").asText()));

    static final Map<String, Function<JsonNode, String>> KEY_OF_ROW = Map.ofEntries(
            Map.entry("countries", r -> r.get("country").asText()),
            Map.entry("cities", r -> r.get("country").asText() + "|" + r.get("region").asText() + "|"
                    + r.get("city").asText()),
            Map.entry("regions", r -> r.get("country").asText() + "|" + r.get("region").asText()),
            Map.entry("continents", r -> r.get("continent").asText()),
            Map.entry("devices", r -> r.get("device").asText()),
            Map.entry("browsers", r -> r.get("browser").asText()),
            Map.entry("os", r -> r.get("os").asText()),
            Map.entry("triggers", r -> r.get("trigger").asText()),
            Map.entry("referers", r -> r.get("referer").asText()),
            Map.entry("referer_urls", r -> r.get("refererUrl").asText()),
            Map.entry("top_links", r -> r.get("id").asText()),
            Map.entry("top_urls", r -> r.get("url").asText()));

    /** group -> [clicks, leads, sales, saleAmount] from the event stream. */
    static Map<String, List<Long>> expected(Http api, String event, String groupBy) {
        Map<String, long[]> sums = new TreeMap<>();
        for (String kind : List.of("clicks", "leads", "sales")) {
            if (!event.equals("composite") && !event.equals(kind)) {
                continue;
            }
            for (JsonNode e : api.get("/events?event=" + kind + "&interval=90d&limit=1000").json()) {
                if (!kind.equals("clicks") && !e.get("attributed").asBoolean()) {
                    continue;
                }
                String key = KEY_OF_EVENT.get(groupBy).apply(e);
                if (groupBy.equals("continents") && key.equals("Unknown")) {
                    continue;
                }
                long[] m = sums.computeIfAbsent(key, k -> new long[4]);
                switch (kind) {
                    case "clicks" -> m[0]++;
                    case "leads" -> m[1]++;
                    default -> {
                        m[2]++;
                        m[3] += e.get("saleAmount").asLong();
                    }
                }
            }
        }
        Map<String, List<Long>> out = new TreeMap<>();
        sums.forEach((k, m) -> out.put(k, List.of(m[0], m[1], m[2], m[3])));
        return out;
    }

    static Map<String, List<Long>> actual(JsonNode rows, String groupBy) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (JsonNode r : rows) {
            out.put(KEY_OF_ROW.get(groupBy).apply(r), metrics(r));
        }
        return out;
    }

    static List<Long> metrics(JsonNode r) {
        return List.of(r.get("clicks").asLong(), r.get("leads").asLong(), r.get("sales").asLong(),
                r.get("saleAmount").asLong());
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyGroupByOfEveryEventMatchesTheEventStreamAndBothPathsAgree() {
        Http api = populated();
        for (String event : EVENTS) {
            for (String groupBy : GROUP_BYS) {
                String q = "event=" + event + "&groupBy=" + groupBy + "&interval=30d";
                Http.Response chosen = analytics(api, q, null);
                assertThat(chosen.header(PATH)).as(q).isEqualTo("rollup");
                JsonNode rollup = chosen.json();
                JsonNode raw = analytics(api, q, "raw").json();
                assertThat(rollup).as(q + " rollup vs raw").isEqualTo(raw);
                if (KEY_OF_EVENT.containsKey(groupBy)) {
                    assertThat(actual(rollup, groupBy)).as(q).isEqualTo(expected(api, event, groupBy));
                }
            }
        }
        JsonNode count = analytics(api, "event=composite&groupBy=count&interval=30d", null).json();
        assertThat(metrics(count)).isEqualTo(List.of(5L, 2L, 3L, 6400L));
        assertThat(metrics(analytics(api, "event=clicks&interval=30d", null).json())).isEqualTo(List.of(5L, 0L, 0L, 0L));
        assertThat(metrics(analytics(api, "event=sales&groupBy=count&interval=30d", null).json()))
                .isEqualTo(List.of(0L, 0L, 3L, 6400L));
        JsonNode countries = analytics(api, "event=composite&groupBy=countries&interval=30d", null).json();
        assertThat(actual(countries, "countries")).isEqualTo(Map.of(
                "GB", List.of(3L, 1L, 1L, 4900L), "US", List.of(1L, 0L, 0L, 0L), "SE", List.of(1L, 1L, 2L, 1500L)));
        assertThat(countries.get(0).get("region").asText()).isEqualTo("*");
        assertThat(countries.get(0).get("city").asText()).isEqualTo("*");
        JsonNode cities = analytics(api, "event=clicks&groupBy=cities&interval=30d", null).json();
        assertThat(cities.findValuesAsText("city")).contains("London", "Milton", "Boxford", "Linköping");
        JsonNode utm = analytics(api, "event=composite&groupBy=utm_sources&interval=30d", null).json();
        assertThat(utm).hasSize(1);
        assertThat(utm.get(0).get("utm_source").asText()).isEqualTo("newsletter");
        assertThat(metrics(utm.get(0))).isEqualTo(List.of(2L, 1L, 1L, 4900L));
        JsonNode triggers = analytics(api, "event=clicks&groupBy=triggers&interval=30d", null).json();
        assertThat(actual(triggers, "triggers")).isEqualTo(Map.of("link", List.of(4L, 0L, 0L, 0L),
                "qr", List.of(1L, 0L, 0L, 0L)));
        JsonNode top = analytics(api, "event=sales&groupBy=top_links&interval=30d", null).json();
        assertThat(top).hasSize(2);
        assertThat(top.get(0).get("saleAmount").asLong()).isEqualTo(4900); // ordered by sale amount
        assertThat(top.get(0).get("shortLink").asText()).startsWith("https://refer.ly/an-");
        assertThat(top.get(0).get("link").asText()).isEqualTo(top.get(0).get("id").asText());
        assertThat(top.get(0).get("createdAt").asText()).isEqualTo("2026-11-02T10:00:00Z");
    }

    @Test
    void filtersUseRollupsWhenTheyCanAndRawScansOtherwise() {
        Http api = populated();
        String[][] cases = {
            {"groupBy=countries&country=GB", "rollup"},
            {"groupBy=cities&country=GB", "rollup"},
            {"groupBy=cities&city=London", "rollup"},
            {"groupBy=regions&country=US", "rollup"},
            {"groupBy=devices&country=GB", "raw"},
            {"groupBy=count&country=SE", "raw"},
            {"groupBy=timeseries&utm_source=newsletter", "raw"},
            {"groupBy=browsers&qr=true", "raw"},
            {"groupBy=triggers&trigger=qr", "rollup"},
            {"groupBy=utm_sources&utm_source=newsletter", "rollup"},
            {"groupBy=referers&referer=news.example.org", "rollup"},
        };
        for (String[] c : cases) {
            for (String event : EVENTS) {
                String q = "event=" + event + "&interval=7d&" + c[0];
                Http.Response chosen = analytics(api, q, null);
                assertThat(chosen.header(PATH)).as(q).isEqualTo(c[1]);
                assertThat(chosen.json()).as(q + " rollup vs raw").isEqualTo(analytics(api, q, "raw").json());
            }
        }
        JsonNode gb = analytics(api, "event=composite&groupBy=countries&country=GB&interval=7d", null).json();
        assertThat(actual(gb, "countries")).isEqualTo(Map.of("GB", List.of(3L, 1L, 1L, 4900L)));
        JsonNode gbDevices = analytics(api, "event=clicks&groupBy=devices&country=GB&interval=7d", null).json();
        assertThat(gbDevices.findValues("clicks").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(3);
        JsonNode seCount = analytics(api, "event=composite&country=SE&groupBy=count&interval=7d", null).json();
        assertThat(metrics(seCount)).isEqualTo(List.of(1L, 1L, 2L, 1500L));
    }

    @Test
    void linkFiltersAnswerFromTheLinkRollups() {
        Http api = freshWorkspace();
        String a = link(api);
        String b = link(api);
        String ca = click(a, "81.2.69.142", UserAgents.CHROME_MAC, "");
        click(a, "216.160.83.56", UserAgents.CHROME_MAC, "");
        click(b, "89.160.20.112", UserAgents.CHROME_MAC, "");
        String u = "cust-" + SEQ.incrementAndGet();
        lead(api, ca, u);
        sale(api, u, 700);
        String keyA = a.split(" ")[1];
        for (String f : List.of("linkId=" + id(a), "domain=refer.ly&key=" + keyA)) {
            for (String groupBy : List.of("count", "timeseries", "top_links")) {
                String q = "event=composite&interval=24h&groupBy=" + groupBy + "&" + f;
                Http.Response r = analytics(api, q, null);
                assertThat(r.header(PATH)).as(q).isEqualTo("rollup");
                assertThat(r.json()).as(q).isEqualTo(analytics(api, q, "raw").json());
            }
            JsonNode count = analytics(api, "event=composite&" + f, null).json();
            assertThat(metrics(count)).isEqualTo(List.of(2L, 1L, 1L, 700L));
            Http.Response byCountry = analytics(api, "event=composite&groupBy=countries&" + f, null);
            assertThat(byCountry.header(PATH)).isEqualTo("raw");
            assertThat(actual(byCountry.json(), "countries")).isEqualTo(Map.of("GB", List.of(1L, 1L, 1L, 700L),
                    "US", List.of(1L, 0L, 0L, 0L)));
        }
        JsonNode tops = analytics(api, "event=clicks&groupBy=top_links&linkId=" + id(b), null).json();
        assertThat(tops).hasSize(1);
        assertThat(tops.get(0).get("id").asText()).isEqualTo(id(b));
    }

    @Test
    void timeseriesBucketsFollowTheTimeZoneAndIncludeEmptyOnes() {
        Http api = freshWorkspace();
        String l = link(api);
        Instant t0 = server.clock().instant(); // 2026-11-02T10:00Z = 05:00 in New York (EST since Nov 1)
        Duration moved = Duration.ZERO;
        try {
            click(l, "81.2.69.142", UserAgents.CHROME_MAC, "");          // 10:00Z  Nov 2 NY, Nov 2 UTC
            moved = advance(moved, Duration.ofHours(10));
            click(l, "216.160.83.56", UserAgents.CHROME_MAC, "");        // 20:00Z  Nov 2 NY, Nov 2 UTC
            moved = advance(moved, Duration.ofHours(6));
            click(l, "2.125.160.216", UserAgents.CHROME_MAC, "");        // 02:00Z Nov 3 = 21:00 Nov 2 NY
            moved = advance(moved, Duration.ofHours(4).plusMinutes(30));
            click(l, "89.160.20.112", UserAgents.CHROME_MAC, "");        // 06:30Z Nov 3 = 01:30 Nov 3 NY

            Map<String, Long> ny = series(api, "interval=7d&timezone=America/New_York", "rollup");
            assertThat(ny).containsEntry("2026-11-02T05:00:00Z", 3L).containsEntry("2026-11-03T05:00:00Z", 1L);
            assertThat(ny).hasSize(8); // 7 days back from 01:30 Nov 3 NY: Oct 27 .. Nov 3
            assertThat(ny.keySet().iterator().next()).isEqualTo("2026-10-27T04:00:00Z"); // EDT before Nov 1
            assertThat(ny.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);

            Map<String, Long> utc = series(api, "interval=7d", "rollup");
            assertThat(utc).containsEntry("2026-11-02T00:00:00Z", 2L).containsEntry("2026-11-03T00:00:00Z", 2L);

            Map<String, Long> hourly = series(api, "interval=24h", "rollup");
            assertThat(hourly).hasSize(25);
            assertThat(hourly).containsEntry("2026-11-02T10:00:00Z", 1L).containsEntry("2026-11-03T06:00:00Z", 1L)
                    .containsEntry("2026-11-02T11:00:00Z", 0L);

            // +05:30: hourly rollups cannot split into its buckets, so the raw path answers
            Map<String, Long> india = series(api, "interval=24h&timezone=Asia/Kolkata", "raw");
            assertThat(india.keySet()).allMatch(k -> k.endsWith(":30:00Z"));
            assertThat(india).containsEntry("2026-11-02T09:30:00Z", 1L).containsEntry("2026-11-03T06:30:00Z", 1L);

            // a start inside an hour: the partial hour is read raw, and only from the start on
            String q = "event=clicks&groupBy=timeseries&start=2026-11-02T10:00:00.001Z&end=2026-11-03T06:45:00Z";
            Http.Response r = analytics(api, q, null);
            assertThat(r.header(PATH)).isEqualTo("rollup");
            assertThat(r.json()).isEqualTo(analytics(api, q, "raw").json());
            assertThat(r.json().findValues("clicks").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(3);
            String c = "event=clicks&groupBy=countries&start=2026-11-02T10:00:00.001Z&end=2026-11-03T06:30:00Z";
            assertThat(actual(analytics(api, c, null).json(), "countries"))
                    .isEqualTo(Map.of("US", List.of(1L, 0L, 0L, 0L), "GB", List.of(1L, 0L, 0L, 0L)));
            assertThat(analytics(api, c, null).json()).isEqualTo(analytics(api, c, "raw").json());
        } finally {
            server.clock().advance(moved.negated());
            assertThat(server.clock().instant()).isEqualTo(t0);
        }
    }

    static Duration advance(Duration moved, Duration by) {
        server.clock().advance(by);
        return moved.plus(by);
    }

    /** start -> clicks, checking the expected path and that the other path agrees. */
    static Map<String, Long> series(Http api, String query, String expectedPath) {
        String q = "event=clicks&groupBy=timeseries&" + query;
        Http.Response r = analytics(api, q, null);
        assertThat(r.header(PATH)).as(q).isEqualTo(expectedPath);
        if (expectedPath.equals("rollup")) {
            assertThat(r.json()).as(q + " rollup vs raw").isEqualTo(analytics(api, q, "raw").json());
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (JsonNode row : r.json()) {
            out.put(row.get("start").asText(), row.get("clicks").asLong());
        }
        return out;
    }

    @Test
    void answersIncludeWritesMadeJustBefore() {
        Http api = freshWorkspace();
        String l = link(api);
        assertThat(metrics(analytics(api, "event=composite", null).json())).isEqualTo(List.of(0L, 0L, 0L, 0L));
        String c = click(l, "81.2.69.142", UserAgents.CHROME_MAC, "");
        assertThat(metrics(analytics(api, "event=composite", null).json())).isEqualTo(List.of(1L, 0L, 0L, 0L));
        String u = "cust-" + SEQ.incrementAndGet();
        lead(api, c, u);
        assertThat(metrics(analytics(api, "event=composite", null).json())).isEqualTo(List.of(1L, 1L, 0L, 0L));
        sale(api, u, 1234);
        assertThat(metrics(analytics(api, "event=composite", null).json())).isEqualTo(List.of(1L, 1L, 1L, 1234L));
        click(l, "216.160.83.56", UserAgents.SAFARI_IPHONE, "");
        assertThat(analytics(api, "event=clicks&groupBy=top_links", null).json().get(0).get("clicks").asLong())
                .isEqualTo(2);
    }

    @Test
    void anotherWorkspacesDataNeverShows() {
        Http api = populated();
        String someLink = api.get("/links").json().get(0).get("id").asText();
        Http other = freshWorkspace();
        for (String groupBy : GROUP_BYS) {
            for (String path : new String[] {null, "raw"}) {
                JsonNode r = analytics(other, "event=composite&interval=all&groupBy=" + groupBy, path).json();
                if (groupBy.equals("count")) {
                    assertThat(metrics(r)).isEqualTo(List.of(0L, 0L, 0L, 0L));
                } else {
                    r.forEach(row -> assertThat(metrics(row)).as(groupBy).isEqualTo(List.of(0L, 0L, 0L, 0L)));
                }
            }
        }
        assertThat(metrics(analytics(other, "event=composite&linkId=" + someLink, null).json()))
                .isEqualTo(List.of(0L, 0L, 0L, 0L));
        assertThat(analytics(other, "event=clicks&groupBy=top_links&linkId=" + someLink, "raw").json()).isEmpty();
    }

    @Test
    void badParametersAreRejected() {
        Http api = freshWorkspace();
        assertThat(api.get("/analytics?groupBy=nope").status()).isEqualTo(422);
        assertThat(api.get("/analytics?event=nope").status()).isEqualTo(422);
        assertThat(api.get("/analytics?timezone=Mars/Base").status()).isEqualTo(422);
        assertThat(api.withKey(null).get("/analytics").status()).isEqualTo(401);
    }
}
