package dev.referly.analytics;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;

/** Sums per group value, or per bucket for a timeseries, added up from rollup and raw rows alike. */
final class Sums {
    final Buckets buckets;
    final long[][] series;
    final Map<String, long[]> groups = new HashMap<>();

Sums(Buckets buckets) {
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

    /** Adds each row of a query answering (value, period, clicks, leads, sales, sale amount). */
    void addRows(Query q) {
        q.map((rs, ctx) -> {
            add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            return null;
        }).list();
    }
}
