package dev.referly.analytics;

import static dev.referly.analytics.AnalyticsService.DAY;
import static dev.referly.analytics.AnalyticsService.HOUR;
import static dev.referly.analytics.AnalyticsService.SLOT;
import static dev.referly.analytics.AnalyticsService.ceil;
import static dev.referly.analytics.AnalyticsService.floor;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The rollup path: whole UTC days and hours from the rollup tables, the partial hours at the
 * range's edges from raw rows up to the watermarks, so the answer is exactly the rollup snapshot.
 */
final class RollupReader {
    private RollupReader() {}

    static void read(Handle h, String ws, Dimension dim, EventFilter f, long start, List<String> linkSet,
            long[] marks, Sums sums) {
        long end = f.end();
        long hs = ceil(start, HOUR);
        long he = floor(end, HOUR);
        if (hs >= he) {
            rawEdge(h, ws, dim, start, end, linkSet, marks, sums);
            return;
        }
        rawEdge(h, ws, dim, start, hs, linkSet, marks, sums);
        rawEdge(h, ws, dim, he, end, linkSet, marks, sums);
        if (linkSet != null && linkSet.isEmpty()) {
            return;
        }
        if (dim == Dimension.TOP_LINKS) {
            fromLinkTotals(h, ws, linkSet, hs, he, sums);
            return;
        }
        if (linkSet != null) {
            String period = dim == Dimension.TIMESERIES ? "hour" : "0";
            sums.addRows(h.createQuery("SELECT '' AS v, " + period + " AS p, SUM(clicks), SUM(leads), SUM(sales),"
                            + " SUM(sale_amount) FROM rollup_link_hourly WHERE workspace_id = :ws AND link_id IN (<links>)"
                            + " AND hour >= :from AND hour < :to GROUP BY 1, 2")
                    .bind("ws", ws).bindList("links", linkSet).bind("from", hs).bind("to", he));
            return;
        }
        long ds = ceil(hs, DAY);
        long de = floor(he, DAY);
        if (dim == Dimension.TIMESERIES || ds >= de) {
            rollup(h, "rollup_hourly", "hour", ws, dim, hs, he, sums);
        } else {
            rollup(h, "rollup_hourly", "hour", ws, dim, hs, ds, sums);
            rollup(h, "rollup_daily", "day", ws, dim, ds, de, sums);
            rollup(h, "rollup_hourly", "hour", ws, dim, de, he, sums);
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
    private static void fromLinkTotals(Handle h, String ws, List<String> linkSet, long hs, long he, Sums sums) {
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
            sums.add(rs.getString(1), 0, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            return null;
        }).list();
    }

    private static void rollup(Handle h, String table, String period, String ws, Dimension dim, long from, long to,
            Sums sums) {
        if (from >= to) {
            return;
        }
        String p = dim == Dimension.TIMESERIES ? period : "0";
        sums.addRows(h.createQuery("SELECT value, " + p + " AS p, SUM(clicks), SUM(leads), SUM(sales), SUM(sale_amount) FROM " + table
                        + " WHERE workspace_id = :ws AND dim = :dim AND " + period + " >= :from AND " + period + " < :to"
                        + " GROUP BY 1, 2")
                .bind("ws", ws).bind("dim", dim.code()).bind("from", from).bind("to", to));
    }

    /** Raw rows in a partial hour (or two) at an edge of the range, up to the watermarks. */
    private static void rawEdge(Handle h, String ws, Dimension dim, long from, long to, List<String> linkSet, long[] marks,
            Sums sums) {
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
            sums.addRows(linkSet == null ? q : q.bindList("links", linkSet));
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
            sums.addRows(linkSet == null ? q : q.bindList("links", linkSet));
        }
    }
}
