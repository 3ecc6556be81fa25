package dev.referly.analytics;

import static dev.referly.analytics.AnalyticsIT.analytics;
import static dev.referly.analytics.AnalyticsIT.click;
import static dev.referly.analytics.AnalyticsIT.freshWorkspace;
import static dev.referly.analytics.AnalyticsIT.id;
import static dev.referly.analytics.AnalyticsIT.lead;
import static dev.referly.analytics.AnalyticsIT.link;
import static dev.referly.analytics.AnalyticsIT.metrics;
import static dev.referly.analytics.AnalyticsIT.sale;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * top_links answered from the per-link running totals ({@code rollup_link_totals}) on both
 * stores: the answer equals the raw scan's over ranges with partial hours and days, through
 * several builder rounds, clicks and conversions recorded out of time order, a catch-up from
 * empty and the migration's backfill.
 */
class TopLinksIT extends ServerPerStore {
    private static final String PATH = "X-Referly-Analytics-Path";
    private static final List<String> EVENTS = List.of("clicks", "leads", "sales", "composite");
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** Four links (a, b, c, d) with clicks, leads and sales spread over Oct 27 .. Nov 1, some recorded late. */
    record Scenario(Http api, String a, String b, String c, String d) {}

    /** Runs the scenario with the clock moved back, and puts the clock back where it was. */
    static Scenario scenario() {
        Instant t0 = server.clock().instant();
        try {
            Http api = freshWorkspace();
            String a = link(api);
            String b = link(api);
            String c = link(api);
            String d = link(api);
            at("2026-10-29T08:00:00Z");
            String a1 = click(a, "81.2.69.142", UserAgents.CHROME_MAC, "");
            click(b, "216.160.83.56", UserAgents.SAFARI_IPHONE, "");
            settle(api); // a builder round between writes
            at("2026-10-29T08:20:00Z");
            click(a, "2.125.160.216", UserAgents.CHROME_MAC, "");
            String custA = customer();
            lead(api, a1, custA);
            at("2026-10-29T10:20:00Z");
            String c1 = click(c, "89.160.20.112", UserAgents.SAFARI_IPHONE, "");
            sale(api, custA, 2500);
            settle(api);
            at("2026-10-30T10:20:00Z");
            click(b, "81.2.69.142", UserAgents.CHROME_MAC, "");
            click(b, "216.160.83.56", UserAgents.CHROME_MAC, "");
            String custC = customer();
            lead(api, c1, custC);
            at("2026-10-31T00:10:00Z");
            click(a, "2.125.160.216", UserAgents.SAFARI_IPHONE, "");
            sale(api, custC, 700);
            settle(api);
            // late: the clock goes back past rows already folded for link a (between two of them)
            // and link d gets its first rows there; the later running totals must follow
            at("2026-10-29T22:10:00Z");
            String d1 = click(d, "89.160.20.112", UserAgents.CHROME_MAC, "");
            click(a, "81.2.69.142", UserAgents.CHROME_MAC, "");
            String custD = customer();
            lead(api, d1, custD);
            sale(api, custD, 1200);
            settle(api);
            at("2026-11-01T12:10:00Z");
            click(b, "216.160.83.56", UserAgents.SAFARI_IPHONE, "");
            click(c, "2.125.160.216", UserAgents.CHROME_MAC, "");
            settle(api);
            // later still: before every row of link a, in the same round as a new latest hour
            at("2026-10-27T05:59:59Z");
            click(a, "89.160.20.112", UserAgents.SAFARI_IPHONE, "");
            at("2026-11-01T12:50:00Z");
            click(c, "81.2.69.142", UserAgents.CHROME_MAC, "");
            return new Scenario(api, a, b, c, d);
        } finally {
            server.clock().advance(Duration.between(server.clock().instant(), t0));
        }
    }

    static void at(String instant) {
        server.clock().advance(Duration.between(server.clock().instant(), Instant.parse(instant)));
    }

    static String customer() {
        return "tl-cust-" + SEQ.incrementAndGet();
    }

    /** Any GET /analytics folds everything written so far. */
    static void settle(Http api) {
        analytics(api, "event=composite&interval=all", null);
    }

    static final List<String> RANGES = List.of(
            "start=2026-10-29T08:10:00Z&end=2026-11-01T12:05:00Z",      // partial hours and days at both edges
            "start=2026-10-29T10:00:00Z&end=2026-10-31T00:00:00Z",      // whole hours
            "start=2026-10-29T22:00:00.001Z&end=2026-10-31T00:10:01Z",  // a late hour's row at the start edge
            "start=2026-10-29T22:10:00.001Z&end=2026-11-01T12:50:00Z",
            "start=2026-10-27T00:00:00Z&end=2026-11-02T10:00:00Z",      // everything
            "start=2026-10-27T06:00:00Z&end=2026-11-01T13:00:00Z",      // all but the earliest click
            "start=2026-10-30T10:30:00Z&end=2026-10-30T11:00:00Z",      // inside one hour
            "start=2026-10-29T08:20:00Z&end=2026-10-29T10:20:00.001Z",
            "start=2026-10-31T01:00:00Z&end=2026-11-01T12:00:00Z",      // no activity for most links
            "interval=30d", "interval=90d", "interval=7d", "interval=all");

    /** Every range and event: the rollup path answers, and exactly as the raw scan does. */
    static void assertRollupEqualsRaw(Scenario s, String extra) {
        for (String range : RANGES) {
            for (String event : EVENTS) {
                String q = "event=" + event + "&groupBy=top_links&" + range + extra;
                Http.Response chosen = analytics(s.api(), q, null);
                assertThat(chosen.header(PATH)).as(q).isEqualTo("rollup");
                assertThat(chosen.json()).as(q + ": rollup vs raw").isEqualTo(analytics(s.api(), q, "raw").json());
            }
        }
    }

    static Map<String, List<Long>> topLinks(Scenario s, String query) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (JsonNode row : analytics(s.api(), "groupBy=top_links&" + query, null).json()) {
            out.put(row.get("id").asText(), metrics(row));
        }
        return out;
    }

    @Test
    void topLinksFromRunningTotalsEqualTheRawScan() {
        Scenario s = scenario();
        assertRollupEqualsRaw(s, "");
        assertRollupEqualsRaw(s, "&linkId=" + id(s.c()));
        assertRollupEqualsRaw(s, "&domain=refer.ly&key=" + s.a().split(" ")[1]);

        assertThat(topLinks(s, "event=composite&start=2026-10-27T00:00:00Z&end=2026-11-02T10:00:00Z"))
                .containsExactly(
                        Map.entry(id(s.a()), List.of(5L, 1L, 1L, 2500L)),
                        Map.entry(id(s.b()), List.of(4L, 0L, 0L, 0L)),
                        Map.entry(id(s.c()), List.of(3L, 1L, 1L, 700L)),
                        Map.entry(id(s.d()), List.of(1L, 1L, 1L, 1200L)));
        // whole hours only: the running totals alone
        assertThat(topLinks(s, "event=sales&start=2026-10-29T10:00:00Z&end=2026-11-01T00:00:00Z"))
                .containsExactly(
                        Map.entry(id(s.a()), List.of(0L, 0L, 1L, 2500L)),
                        Map.entry(id(s.d()), List.of(0L, 0L, 1L, 1200L)),
                        Map.entry(id(s.c()), List.of(0L, 0L, 1L, 700L)));
        Map<String, List<Long>> clicks = topLinks(s, "event=clicks&start=2026-10-29T09:00:00Z&end=2026-10-31T00:00:00Z");
        assertThat(clicks.keySet().iterator().next()).isEqualTo(id(s.b()));
        assertThat(clicks).isEqualTo(Map.of(
                id(s.b()), List.of(2L, 0L, 0L, 0L),
                id(s.a()), List.of(1L, 0L, 0L, 0L),
                id(s.c()), List.of(1L, 0L, 0L, 0L),
                id(s.d()), List.of(1L, 0L, 0L, 0L)));
        assertRunningTotalsMatchTheHourlySums();
    }

    @Test
    void aCatchUpFromEmptyAndTheMigrationBackfillRebuildTheSameTotals() throws IOException {
        Scenario s = scenario();
        settle(s.api());
        List<Map<String, Object>> before = totals();
        assertThat(before).hasSizeGreaterThan(10);

        // every rollup emptied and every watermark back to zero: the next request folds it all again
        server.app().database().jdbi().useTransaction(h -> {
            h.execute("UPDATE rollup_watermarks SET seq = 0"); // also waits for a round in flight
            for (String table : List.of("rollup_hourly", "rollup_daily", "rollup_link_hourly", "rollup_link_totals",
                    "rollup_click_seq")) {
                h.execute("DELETE FROM " + table);
            }
        });
        settle(s.api());
        assertThat(totals()).isEqualTo(before);
        assertRollupEqualsRaw(s, "");

        // the migration's backfill derives the same rows from rollup_link_hourly
        String backfill;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V8__rollup_link_totals.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            backfill = sql.substring(sql.indexOf("INSERT INTO rollup_link_totals"), sql.lastIndexOf(';'));
        }
        server.app().database().jdbi().useTransaction(h -> {
            h.execute("UPDATE rollup_watermarks SET seq = seq"); // holds rounds off until the commit
            h.execute("DELETE FROM rollup_link_totals");
            h.execute(backfill);
        });
        assertThat(totals()).isEqualTo(before);
        assertRunningTotalsMatchTheHourlySums();
        assertRollupEqualsRaw(s, "");
    }

    /** This test's workspaces' running totals, in key order. */
    static List<Map<String, Object>> totals() {
        return server.app().database().jdbi().withHandle(h -> h.createQuery("SELECT t.link_id, t.hour, t.clicks,"
                        + " t.leads, t.sales, t.sale_amount FROM rollup_link_totals t JOIN links l ON l.id = t.link_id"
                        + " ORDER BY t.workspace_id, t.link_id, t.hour")
                .mapToMap().list());
    }

    /** In one snapshot: one running-total row per hourly row, each the sum of the hourly rows up to it. */
    static void assertRunningTotalsMatchTheHourlySums() {
        Map<String, Object> check = server.app().database().jdbi().withHandle(h -> h.createQuery("SELECT"
                        + " (SELECT COUNT(*) FROM rollup_link_hourly) AS hourly,"
                        + " (SELECT COUNT(*) FROM rollup_link_totals) AS totals,"
                        + " (SELECT COUNT(*) FROM rollup_link_hourly r LEFT JOIN rollup_link_totals t"
                        + " ON t.workspace_id = r.workspace_id AND t.link_id = r.link_id AND t.hour = r.hour"
                        + " WHERE t.hour IS NULL"
                        + " OR t.clicks <> (SELECT SUM(y.clicks) FROM rollup_link_hourly y WHERE y.workspace_id ="
                        + " r.workspace_id AND y.link_id = r.link_id AND y.hour <= r.hour)"
                        + " OR t.leads <> (SELECT SUM(y.leads) FROM rollup_link_hourly y WHERE y.workspace_id ="
                        + " r.workspace_id AND y.link_id = r.link_id AND y.hour <= r.hour)"
                        + " OR t.sales <> (SELECT SUM(y.sales) FROM rollup_link_hourly y WHERE y.workspace_id ="
                        + " r.workspace_id AND y.link_id = r.link_id AND y.hour <= r.hour)"
                        + " OR t.sale_amount <> (SELECT SUM(y.sale_amount) FROM rollup_link_hourly y WHERE"
                        + " y.workspace_id = r.workspace_id AND y.link_id = r.link_id AND y.hour <= r.hour)) AS wrong")
                .mapToMap().one());
        assertThat(((Number) check.get("wrong")).longValue()).as(check.toString()).isZero();
        assertThat(((Number) check.get("totals")).longValue()).as(check.toString())
                .isEqualTo(((Number) check.get("hourly")).longValue()).isPositive();
    }
}
