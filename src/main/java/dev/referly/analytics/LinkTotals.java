package dev.referly.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code rollup_link_totals} (see {@code V8__rollup_link_totals.sql}): per link, one row per
 * active UTC hour holding the link's totals through the end of that hour.
 *
 * <p>A round's per-(link, hour) deltas are folded in two steps, both inside the round's
 * transaction. First every touched hour gets its row if it has none, holding the value of the
 * link's previous row: before this round nothing happened between the two, so that is the exact
 * running total there (the order of these inserts does not matter, since each copies a value the
 * round has not changed yet). Then each row is raised by the sum of the round's deltas at or
 * before its hour: one UPDATE per touched hour over the hours up to the next touched one
 * ({@link #ranges}). Deltas at the newest hour, the usual case, touch one row; a late event (an
 * hour before the link's newest row) also raises every later row.
 */
final class LinkTotals {
    /** Rows [from, to) of a link get {@code add} (clicks, leads, sales, saleAmount) added. */
    record Range(long from, long to, long[] add) {}

    /** One touched hour of a link and the round's metrics there. */
    record Delta(long hour, long[] metrics) {}

    private static final String INSERT = "INSERT INTO rollup_link_totals (workspace_id, link_id, hour, clicks, leads,"
            + " sales, sale_amount) SELECT ?, ?, ?, COALESCE(p.clicks, 0), COALESCE(p.leads, 0), COALESCE(p.sales, 0),"
            + " COALESCE(p.sale_amount, 0) FROM (SELECT 1 AS one) k LEFT JOIN rollup_link_totals p"
            + " ON p.workspace_id = ? AND p.link_id = ? AND p.hour = (SELECT MAX(x.hour) FROM rollup_link_totals x"
            + " WHERE x.workspace_id = ? AND x.link_id = ? AND x.hour < ?)"
            // WHERE TRUE: SQLite reads ON CONFLICT after a bare FROM ... JOIN as a join constraint
            + " WHERE TRUE ON CONFLICT (workspace_id, link_id, hour) DO NOTHING";
    private static final String UPDATE = "UPDATE rollup_link_totals SET clicks = clicks + ?, leads = leads + ?,"
            + " sales = sales + ?, sale_amount = sale_amount + ?"
            + " WHERE workspace_id = ? AND link_id = ? AND hour >= ? AND hour < ?";
    private static final int FLUSH = 5_000;

    private LinkTotals() {}

    /**
     * The updates that fold one link's deltas (hours ascending, distinct) into its running totals:
     * rows from each touched hour up to the next one get the sum of the deltas so far, and rows
     * from the last touched hour on get them all.
     */
    static List<Range> ranges(List<Delta> deltas) {
        List<Range> out = new ArrayList<>(deltas.size());
        long[] sum = new long[4];
        for (int i = 0; i < deltas.size(); i++) {
            Delta d = deltas.get(i);
            if (i > 0 && d.hour() <= deltas.get(i - 1).hour()) {
                throw new IllegalArgumentException("hours must ascend: " + deltas);
            }
            for (int m = 0; m < 4; m++) {
                sum[m] += d.metrics()[m];
            }
            long to = i + 1 < deltas.size() ? deltas.get(i + 1).hour() : Long.MAX_VALUE;
            out.add(new Range(d.hour(), to, sum.clone()));
        }
        return out;
    }

    /** Folds one round's per-(workspace, link, hour) sums in, on the round's connection and transaction. */
    static void write(Connection c, Map<RollupBuilder.LinkKey, long[]> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        Map<LinkId, List<Delta>> byLink = new HashMap<>();
        for (var e : deltas.entrySet()) {
            RollupBuilder.LinkKey k = e.getKey();
            byLink.computeIfAbsent(new LinkId(k.ws(), k.link()), x -> new ArrayList<>()).add(new Delta(k.hour(), e.getValue()));
        }
        for (List<Delta> hours : byLink.values()) {
            hours.sort(Comparator.comparingLong(Delta::hour));
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int n = 0;
            for (var e : byLink.entrySet()) {
                for (Delta d : e.getValue()) {
                    ps.setString(1, e.getKey().ws());
                    ps.setString(2, e.getKey().link());
                    ps.setLong(3, d.hour());
                    ps.setString(4, e.getKey().ws());
                    ps.setString(5, e.getKey().link());
                    ps.setString(6, e.getKey().ws());
                    ps.setString(7, e.getKey().link());
                    ps.setLong(8, d.hour());
                    ps.addBatch();
                    if (++n % FLUSH == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            int n = 0;
            for (var e : byLink.entrySet()) {
                for (Range r : ranges(e.getValue())) {
                    for (int m = 0; m < 4; m++) {
                        ps.setLong(1 + m, r.add()[m]);
                    }
                    ps.setString(5, e.getKey().ws());
                    ps.setString(6, e.getKey().link());
                    ps.setLong(7, r.from());
                    ps.setLong(8, r.to());
                    ps.addBatch();
                    if (++n % FLUSH == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private record LinkId(String ws, String link) {}
}
