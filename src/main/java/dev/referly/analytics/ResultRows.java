package dev.referly.analytics;

import dev.referly.analytics.AnalyticsService.Event;
import dev.referly.analytics.AnalyticsService.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sums shaped into the answer's rows: buckets in order, or groups largest first with only the
 * metrics the event asks for.
 */
final class ResultRows {
    private ResultRows() {}

    static List<Row> of(Event event, Dimension dim, EventFilter f, Sums sums) {
        if (dim == Dimension.TIMESERIES) {
            List<Row> rows = new ArrayList<>(sums.buckets.size());
            for (int i = 0; i < sums.buckets.size(); i++) {
                rows.add(select(event, String.valueOf(sums.buckets.start(i)), sums.series[i]));
            }
            return rows;
        }
        if (dim == Dimension.COUNT) {
            long[] m = sums.groups.getOrDefault("", new long[4]);
            return List.of(select(event, "", m));
        }
        List<Row> rows = new ArrayList<>();
        for (var e : sums.groups.entrySet()) {
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
                for (String[] filter : RollupEligibility.visitorFilters(f)) {
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
}
