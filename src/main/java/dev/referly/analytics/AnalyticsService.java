package dev.referly.analytics;

import dev.referly.links.Link;
import dev.referly.links.LinkService;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

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
            Sums sums = new Sums(buckets);
            List<String> linkSet = RollupEligibility.matchingLinkIds(h, ws, f);
            Path path = forced != null ? forced
                    : RollupEligibility.holds(dim, f, linkSet, zone, start) ? Path.ROLLUP : Path.RAW;
            if (path == Path.ROLLUP) {
                RollupReader.read(h, ws, dim, f, start, linkSet, marks, sums);
            } else {
                RawReader.read(h, ws, event, dim, f, start, sums);
            }
            List<Row> rows = ResultRows.of(event, dim, f, sums);
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

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    static long ceil(long t, long unit) {
        return -Math.floorDiv(-t, unit) * unit;
    }
}
