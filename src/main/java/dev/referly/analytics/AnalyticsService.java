package dev.referly.analytics;

import dev.referly.links.Link;
import dev.referly.links.LinkService;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * GET /analytics: totals, time series and group-bys of clicks, leads and sales.
 *
 * <p>Every call first lets the {@link RollupBuilder} catch up, so answers include every write
 * committed before the request. Then one of two paths answers:
 * <ul>
 * <li><b>Rollups</b> (fast): no filter at all; or only link-level filters (linkId, domain, key,
 * externalId, tenantId, partnerId) with groupBy count, timeseries or top_links; or only
 * filters on the grouped dimension itself (e.g. groupBy=countries&amp;country=GB, groupBy=cities
 * with country/region/city). Timeseries also need a time zone whose offsets are whole hours
 * over the range. The range [start, end) is split into the partial hours at its edges (read from
 * raw rows: clicks through their per-hour seq bounds and the (workspace_id, seq) index, leads and
 * sales through their (workspace_id, ts) index), whole hours ({@code rollup_hourly} or
 * {@code rollup_link_hourly}) and whole UTC days ({@code rollup_daily}, group-bys and count
 * only). top_links takes all its whole hours from the per-link running totals
 * ({@code rollup_link_totals}): two lookups per link instead of a sum over its rows. Raw edge
 * rows are bounded by the watermarks, so the answer is exactly the rollup snapshot.</li>
 * <li><b>Raw</b> (correct, slower: a scan of the workspace's clicks): every other combination,
 * e.g. a visitor filter (country, device, utm_*, ...) with another groupBy, a link filter with
 * a visitor group-by, or a time zone with a half-hour offset.</li>
 * </ul>
 * Leads and sales are counted at their own time, under their click's attributes and their
 * credited link; unattributed ones (no link) are left out. saleAmount is in USD minor units.
 */
public final class AnalyticsService {
    static final long HOUR = RollupBuilder.HOUR;
    static final long DAY = RollupBuilder.DAY;
    /** Raw slots: every time zone offset in use is a multiple of 15 minutes. */
    static final long SLOT = 900_000L;
    static final int MAX_ROLLUP_LINKS = 2_000;

    public enum Event { CLICKS, LEADS, SALES, COMPOSITE }

    public enum Path { ROLLUP, RAW }

    /** A group's key and its metrics: clicks, leads, sales, saleAmount. */
    public record Row(String key, long clicks, long leads, long sales, long saleAmount) {}

    public record Result(Path path, List<Row> rows, Map<String, Link> links) {}

    private final Jdbi jdbi;
    private final LinkService links;
    private final RollupBuilder builder;

    static final int TOP_LINKS_LIMIT = 100;

    public AnalyticsService(Jdbi jdbi, LinkService links, RollupBuilder builder) {
        this.jdbi = jdbi;
        this.links = links;
        this.builder = builder;
    }

    /**
     * Answers one query. Timeseries rows are keyed by bucket start (epoch millis as text), in
     * order, empty buckets included; group rows by value, largest first; count is one row.
     * {@code forced} picks a path (tests compare them); null chooses.
     */
    public Result analytics(String ws, Event event, Dimension dim, EventFilter f, ZoneId zone, boolean hourly,
            boolean allTime, Path forced) {
        builder.catchUp();
        long[] marks = builder.watermarks();
        return jdbi.withHandle(h -> {
            long start = f.start();
            if (allTime && dim == Dimension.TIMESERIES) {
                Long first = h.createQuery("SELECT MIN(day) FROM rollup_daily WHERE workspace_id = :ws AND dim = ''")
                        .bind("ws", ws).mapTo(Long.class).findOne().orElse(null);
                start = Math.max(start, first == null ? f.end() - 1 : first);
            }
            Buckets buckets = dim == Dimension.TIMESERIES ? Buckets.of(start, f.end(), zone, hourly) : null;
            Acc acc = new Acc(buckets);
            List<String> linkSet = linkFilterSet(h, ws, f);
            Path path = forced != null ? forced : rollupEligible(dim, f, linkSet, zone, start) ? Path.ROLLUP : Path.RAW;
            if (path == Path.ROLLUP) {
                fromRollups(h, ws, dim, f, start, linkSet, marks, acc);
            } else {
                raw(h, ws, event, dim, f, start, acc);
            }
            List<Row> rows = finish(event, dim, f, acc);
            Map<String, Link> byId = Map.of();
            if (dim == Dimension.TOP_LINKS) {
                // Top links means the leaders: loading and rendering every link of a large
                // program was most of this query's time.
                rows = rows.stream().limit(TOP_LINKS_LIMIT).toList();
                byId = links.byIds(ws, rows.stream().map(Row::key).toList());
                Map<String, Link> known = byId;
                rows = rows.stream().filter(r -> known.containsKey(r.key())).toList();
            }
            return new Result(path, rows, byId);
        });
    }

    // ---------------------------------------------------------------- which path

    static boolean rollupEligible(Dimension dim, EventFilter f, List<String> linkSet, ZoneId zone, long start) {
        if (dim == Dimension.TIMESERIES && !Buckets.wholeHourOffsets(zone, start, f.end())) {
            return false;
        }
        if (linkSet != null) {
            return linkSet.size() <= MAX_ROLLUP_LINKS && !hasVisitorFilter(f) && (dim.isTotal() || dim == Dimension.TOP_LINKS);
        }
        for (String[] filter : visitorFilters(f)) {
            if (filter[1] != null && !allowedWith(dim, filter[0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedWith(Dimension dim, String filterDim) {
        return switch (dim) {
            case CITIES -> filterDim.equals("city") || filterDim.equals("country") || filterDim.equals("region");
            case REGIONS -> filterDim.equals("country") || filterDim.equals("region");
            default -> !dim.isTotal() && dim.code().equals(filterDim);
        };
    }

    private static boolean hasVisitorFilter(EventFilter f) {
        for (String[] filter : visitorFilters(f)) {
            if (filter[1] != null) {
                return true;
            }
        }
        return false;
    }

    /** (rollup dim code, filter value) of each visitor filter. */
    private static String[][] visitorFilters(EventFilter f) {
        return new String[][] {{"country", f.country()}, {"city", f.city()}, {"region", f.region()},
            {"continent", f.continent()}, {"device", f.device()}, {"browser", f.browser()}, {"os", f.os()},
            {"referer", f.referer()}, {"referer_url", f.refererUrl()}, {"trigger", f.trigger()},
            {"utm_source", f.utmSource()}, {"utm_medium", f.utmMedium()}, {"utm_campaign", f.utmCampaign()},
            {"utm_term", f.utmTerm()}, {"utm_content", f.utmContent()}};
    }

    /** The workspace's links matching the link-level filters, or null when there are none. */
    private static List<String> linkFilterSet(Handle h, String ws, EventFilter f) {
        if (f.linkId() == null && !f.filtersLinks()) {
            return null;
        }
        String sql = EventFilterSql.matchingLinks(f, true).append(" ORDER BY id").toString();
        return EventFilterSql.bindLinkFilters(h.createQuery(sql), f).bind("ws", ws).mapTo(String.class).list();
    }

    // ---------------------------------------------------------------- rollup path

    private void fromRollups(Handle h, String ws, Dimension dim, EventFilter f, long start, List<String> linkSet,
            long[] marks, Acc acc) {
        long end = f.end();
        long hs = ceil(start, HOUR);
        long he = floor(end, HOUR);
        if (hs >= he) {
            rawEdge(h, ws, dim, start, end, linkSet, marks, acc);
            return;
        }
        rawEdge(h, ws, dim, start, hs, linkSet, marks, acc);
        rawEdge(h, ws, dim, he, end, linkSet, marks, acc);
        if (linkSet != null && linkSet.isEmpty()) {
            return;
        }
        if (dim == Dimension.TOP_LINKS) {
            fromLinkTotals(h, ws, linkSet, hs, he, acc);
            return;
        }
        if (linkSet != null) {
            String period = dim == Dimension.TIMESERIES ? "hour" : "0";
            h.createQuery("SELECT '' AS v, " + period + " AS p, SUM(clicks), SUM(leads), SUM(sales),"
                            + " SUM(sale_amount) FROM rollup_link_hourly WHERE workspace_id = :ws AND link_id IN (<links>)"
                            + " AND hour >= :from AND hour < :to GROUP BY 1, 2")
                    .bind("ws", ws).bindList("links", linkSet).bind("from", hs).bind("to", he)
                    .map((rs, ctx) -> {
                        acc.add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                        return null;
                    }).list();
            return;
        }
        long ds = ceil(hs, DAY);
        long de = floor(he, DAY);
        if (dim == Dimension.TIMESERIES || ds >= de) {
            rollup(h, "rollup_hourly", "hour", ws, dim, hs, he, acc);
        } else {
            rollup(h, "rollup_hourly", "hour", ws, dim, hs, ds, acc);
            rollup(h, "rollup_daily", "day", ws, dim, ds, de, acc);
            rollup(h, "rollup_hourly", "hour", ws, dim, de, he, acc);
        }
    }

    /**
     * Per-link sums over the whole hours [hs, he) from the running totals: for each link, its last
     * row before {@code he} minus its last row before {@code hs}. The links are the workspace's
     * links present in the totals (a loose index scan: one seek per link, so deleted links count
     * as they do on the raw path), or the filtered link set. Materializing the two hours first
     * keeps both stores from scanning the workspace's rows: each MAX is one index seek, and each
     * metrics row one primary-key lookup.
     */
    private static void fromLinkTotals(Handle h, String ws, List<String> linkSet, long hs, long he, Acc acc) {
        String links = linkSet == null
                ? "WITH RECURSIVE d(link_id) AS (SELECT (SELECT MIN(link_id) FROM rollup_link_totals"
                        + " WHERE workspace_id = :ws) UNION ALL SELECT (SELECT MIN(t.link_id) FROM rollup_link_totals t"
                        + " WHERE t.workspace_id = :ws AND t.link_id > d.link_id) FROM d WHERE d.link_id IS NOT NULL),"
                : "WITH d(link_id) AS (SELECT id FROM links WHERE workspace_id = :ws AND id IN (<links>)),";
        Query q = h.createQuery(links
                        + " b AS MATERIALIZED (SELECT d.link_id,"
                        + " (SELECT MAX(x.hour) FROM rollup_link_totals x WHERE x.workspace_id = :ws"
                        + " AND x.link_id = d.link_id AND x.hour < :he) AS end_hour,"
                        + " (SELECT MAX(x.hour) FROM rollup_link_totals x WHERE x.workspace_id = :ws"
                        + " AND x.link_id = d.link_id AND x.hour < :hs) AS start_hour"
                        + " FROM d WHERE d.link_id IS NOT NULL)"
                        + " SELECT b.link_id, e.clicks - COALESCE(s.clicks, 0), e.leads - COALESCE(s.leads, 0),"
                        + " e.sales - COALESCE(s.sales, 0), e.sale_amount - COALESCE(s.sale_amount, 0)"
                        + " FROM b JOIN rollup_link_totals e ON e.workspace_id = :ws AND e.link_id = b.link_id"
                        + " AND e.hour = b.end_hour"
                        + " LEFT JOIN rollup_link_totals s ON s.workspace_id = :ws AND s.link_id = b.link_id"
                        + " AND s.hour = b.start_hour")
                .bind("ws", ws).bind("hs", hs).bind("he", he);
        (linkSet == null ? q : q.bindList("links", linkSet)).map((rs, ctx) -> {
            acc.add(rs.getString(1), 0, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            return null;
        }).list();
    }

    private static void rollup(Handle h, String table, String period, String ws, Dimension dim, long from, long to,
            Acc acc) {
        if (from >= to) {
            return;
        }
        String p = dim == Dimension.TIMESERIES ? period : "0";
        h.createQuery("SELECT value, " + p + " AS p, SUM(clicks), SUM(leads), SUM(sales), SUM(sale_amount) FROM " + table
                        + " WHERE workspace_id = :ws AND dim = :dim AND " + period + " >= :from AND " + period + " < :to"
                        + " GROUP BY 1, 2")
                .bind("ws", ws).bind("dim", dim.code()).bind("from", from).bind("to", to)
                .map((rs, ctx) -> {
                    acc.add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                    return null;
                }).list();
    }

    /** Raw rows in a partial hour (or two) at an edge of the range, up to the watermarks. */
    private void rawEdge(Handle h, String ws, Dimension dim, long from, long to, List<String> linkSet, long[] marks,
            Acc acc) {
        if (from >= to || (linkSet != null && linkSet.isEmpty())) {
            return;
        }
        String value = dim.sql();
        String slot = dim == Dimension.TIMESERIES ? "(%s.ts / " + SLOT + ") * " + SLOT : "0";
        var bounds = h.createQuery("SELECT MIN(min_seq) AS lo, MAX(max_seq) AS hi FROM rollup_click_seq"
                        + " WHERE workspace_id = :ws AND hour >= :from AND hour < :to")
                .bind("ws", ws).bind("from", floor(from, HOUR)).bind("to", to).mapToMap().one();
        if (bounds.get("lo") != null) {
            String linkClause = linkSet == null ? "" : " AND c.link_id IN (<links>)";
            Query q = h.createQuery("SELECT " + value.replace("e.link_id", "c.link_id") + " AS v, " + slot.formatted("c")
                            + " AS p, COUNT(*), 0, 0, 0 FROM clicks c WHERE c.workspace_id = :ws AND c.seq >= :lo"
                            + " AND c.seq <= :hi AND c.ts >= :from AND c.ts < :to" + linkClause + " GROUP BY 1, 2")
                    .bind("ws", ws).bind("lo", ((Number) bounds.get("lo")).longValue())
                    .bind("hi", Math.min(((Number) bounds.get("hi")).longValue(), marks[0]))
                    .bind("from", from).bind("to", to);
            collect(linkSet == null ? q : q.bindList("links", linkSet), acc);
        }
        // Totals and top links need nothing from the click: at the end of a range the edge hour can
        // hold thousands of conversions, each a lookup in the clicks table.
        String click = dim.readsClick() ? " LEFT JOIN clicks c ON c.id = e.click_id" : "";
        for (String source : List.of("leads", "sales")) {
            String metrics = source.equals("leads") ? "0, COUNT(*), 0, 0" : "0, 0, COUNT(*), SUM(e.amount)";
            String linkClause = linkSet == null ? "" : " AND e.link_id IN (<links>)";
            Query q = h.createQuery("SELECT " + value + " AS v, " + slot.formatted("e") + " AS p, " + metrics + " FROM "
                            + source + " e" + click + " WHERE e.workspace_id = :ws"
                            + " AND e.ts >= :from AND e.ts < :to AND e.link_id IS NOT NULL AND e.seq <= :mark"
                            + linkClause + " GROUP BY 1, 2")
                    .bind("ws", ws).bind("from", from).bind("to", to)
                    .bind("mark", marks[source.equals("leads") ? 1 : 2]);
            collect(linkSet == null ? q : q.bindList("links", linkSet), acc);
        }
    }

    // ---------------------------------------------------------------- raw path

    private static void raw(Handle h, String ws, Event event, Dimension dim, EventFilter f, long start, Acc acc) {
        String value = dim.sql();
        String slot = dim == Dimension.TIMESERIES ? "(%s.ts / " + SLOT + ") * " + SLOT : "0";
        if (event == Event.CLICKS || event == Event.COMPOSITE) {
            StringBuilder sql = new StringBuilder("SELECT " + value.replace("e.link_id", "c.link_id") + " AS v, "
                    + slot.formatted("c") + " AS p, COUNT(*), 0, 0, 0 FROM clicks c WHERE c.workspace_id = :ws"
                    + " AND c.ts >= :start AND c.ts < :end");
            EventFilterSql.appendLinkFilters(sql, f, "c.");
            EventFilterSql.appendVisitorFilters(sql, f, "c.");
            sql.append(" GROUP BY 1, 2");
            collect(bind(h.createQuery(sql.toString()), ws, f, start), acc);
        }
        for (String source : List.of("leads", "sales")) {
            boolean leads = source.equals("leads");
            if (!(event == Event.COMPOSITE || (leads ? event == Event.LEADS : event == Event.SALES))) {
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT " + value + " AS v, " + slot.formatted("e") + " AS p, "
                    + (leads ? "0, COUNT(*), 0, 0" : "0, 0, COUNT(*), SUM(e.amount)") + " FROM " + source
                    + " e LEFT JOIN clicks c ON c.id = e.click_id WHERE e.workspace_id = :ws AND e.ts >= :start"
                    + " AND e.ts < :end AND e.link_id IS NOT NULL");
            EventFilterSql.appendLinkFilters(sql, f, "e.");
            EventFilterSql.appendVisitorFilters(sql, f, "c.");
            sql.append(" GROUP BY 1, 2");
            collect(bind(h.createQuery(sql.toString()), ws, f, start), acc);
        }
    }

    private static Query bind(Query q, String ws, EventFilter f, long start) {
        return EventFilterSql.bindFilters(q, f).bind("ws", ws).bind("start", start).bind("end", f.end());
    }

    private static void collect(Query q, Acc acc) {
        q.map((rs, ctx) -> {
            acc.add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            return null;
        }).list();
    }

    // ---------------------------------------------------------------- shaping

    private static List<Row> finish(Event event, Dimension dim, EventFilter f, Acc acc) {
        if (dim == Dimension.TIMESERIES) {
            List<Row> rows = new ArrayList<>(acc.buckets.size());
            for (int i = 0; i < acc.buckets.size(); i++) {
                rows.add(select(event, String.valueOf(acc.buckets.start(i)), acc.series[i]));
            }
            return rows;
        }
        if (dim == Dimension.COUNT) {
            long[] m = acc.groups.getOrDefault("", new long[4]);
            return List.of(select(event, "", m));
        }
        List<Row> rows = new ArrayList<>();
        for (var e : acc.groups.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || !matchesOwnFilter(dim, e.getKey(), f)) {
                continue;
            }
            Row r = select(event, e.getKey(), e.getValue());
            if (r.clicks() != 0 || r.leads() != 0 || r.sales() != 0 || r.saleAmount() != 0) {
                rows.add(r);
            }
        }
        Comparator<Row> order = switch (event) {
            case LEADS -> Comparator.comparingLong(Row::leads);
            case SALES -> Comparator.comparingLong(Row::saleAmount).thenComparingLong(Row::sales);
            default -> Comparator.comparingLong(Row::clicks);
        };
        rows.sort(order.reversed().thenComparing(Row::key));
        return rows;
    }

    /** The metrics the event asks for; the others are zero, as Dub answers. */
    private static Row select(Event event, String key, long[] m) {
        return switch (event) {
            case CLICKS -> new Row(key, m[0], 0, 0, 0);
            case LEADS -> new Row(key, 0, m[1], 0, 0);
            case SALES -> new Row(key, 0, 0, m[2], m[3]);
            case COMPOSITE -> new Row(key, m[0], m[1], m[2], m[3]);
        };
    }

    /** A rollup group-by with a filter on its own dimension keeps the matching values only. */
    private static boolean matchesOwnFilter(Dimension dim, String value, EventFilter f) {
        String[] parts = value.split("\\|", 3);
        return switch (dim) {
            case CITIES -> eq(f.country(), parts[0]) && eq(f.region(), part(parts, 1)) && eq(f.city(), part(parts, 2));
            case REGIONS -> eq(f.country(), parts[0]) && eq(f.region(), part(parts, 1));
            default -> {
                for (String[] filter : visitorFilters(f)) {
                    if (filter[1] != null && dim.code().equals(filter[0]) && !filter[1].equals(value)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static String part(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }

    private static boolean eq(String filter, String value) {
        return filter == null || filter.equals(value);
    }

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    static long ceil(long t, long unit) {
        return -Math.floorDiv(-t, unit) * unit;
    }

    /** Sums per group value, or per bucket for a timeseries. */
    private static final class Acc {
        final Buckets buckets;
        final long[][] series;
        final Map<String, long[]> groups = new HashMap<>();

        Acc(Buckets buckets) {
            this.buckets = buckets;
            this.series = buckets == null ? null : new long[buckets.size()][4];
        }

        void add(String value, long period, long clicks, long leads, long sales, long amount) {
            long[] m;
            if (buckets != null) {
                int i = buckets.indexOf(period);
                if (i < 0) {
                    return;
                }
                m = series[i];
            } else {
                m = groups.computeIfAbsent(value == null ? "" : value, k -> new long[4]);
            }
            m[0] += clicks;
            m[1] += leads;
            m[2] += sales;
            m[3] += amount;
        }
    }

}
