package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.clicks.CommittedClicks;
import dev.referly.storage.Database;
import dev.referly.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Folds new clicks, leads and sales into the rollup tables (see {@code V4__rollups.sql}) by
 * tailing each source table by {@code seq} from a watermark stored in {@code rollup_watermarks}.
 *
 * <p>Exactness: one round reads at most {@link #BATCH} rows per source above its watermark,
 * aggregates them in memory and upserts the sums ({@code clicks = clicks + excluded.clicks})
 * in the same transaction that moves the watermarks. A crash loses the whole round or nothing,
 * and a row is folded exactly once. Several processes may run builders over one PostgreSQL
 * database: a round locks the three watermark rows ({@code SELECT ... FOR UPDATE}) and re-reads
 * them under the lock, so rounds are serialized. On SQLite the round's transaction is
 * {@code BEGIN IMMEDIATE} (the pool's mode), which already holds the single write lock.
 *
 * <p>Visibility on PostgreSQL: an identity value can be committed after a larger one, so a
 * tail could skip a row that becomes visible later. A round therefore first takes a horizon:
 * {@code LOCK TABLE clicks, leads, sales IN SHARE MODE} (waits for in-flight inserting
 * transactions, with a short lock timeout) and reads {@code max(seq)}; every seq up to it is
 * then committed or never will be. On SQLite commits are serial, so the horizon is the max.
 *
 * <p>The per-link running totals ({@code rollup_link_totals}) are derived from the same per-link
 * hourly sums in the same transaction; see {@link LinkTotals}.
 *
 * <p>Leads and sales are folded at their own timestamp under their click's attributes and their
 * credited link; unattributed ones ({@code link_id IS NULL}) are skipped (the watermark still
 * passes them).
 */
public final class RollupBuilder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RollupBuilder.class.getName());
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;
    static final int BATCH = 50_000;
    static final List<String> SOURCES = List.of("clicks", "leads", "sales");

    private final Database database;
    private final Dialect dialect;
    /** Clicks the writer committed, handed over in memory (SQLite, one process); null on PostgreSQL. */
    private final CommittedClickBuffer committed;
    private final Object localLock = new Object();
    private ScheduledExecutorService scheduler;

    public RollupBuilder(Database database) {
        this.database = database;
        this.dialect = database.dialect();
        this.committed = dialect == Dialect.SQLITE ? new CommittedClickBuffer() : null;
    }

    /**
     * Where the click writer reports its commits. On SQLite the builder folds those clicks
     * without reading them back; on PostgreSQL, where other processes insert clicks too, it
     * always reads them.
     */
    public CommittedClicks clickFeed() {
        return committed == null ? CommittedClicks.NONE : committed;
    }

    /** Runs a catch-up every {@code periodMillis} on a daemon thread until {@link #close()}. */
    public synchronized void start(long periodMillis) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollup-builder");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Rollup round failed; retrying", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    /** Folds in everything committed so far; returns the number of source rows read. */
    private static final int LOST_RACE = -1;

    public long catchUp() {
        long total = 0;
        synchronized (localLock) { // one round at a time in this process; other processes: the row lock
            while (true) {
                long[] horizon = horizon();
                if (horizon == null) {
                    return total; // nothing pending, or the horizon lock timed out: the next round will do it
                }
                int read = round(horizon);
                if (read == LOST_RACE) {
                    continue; // somebody else folded part of it: look at what is left
                }
                total += read;
                if (read == 0) {
                    return total;
                }
            }
        }
    }

    /** The seq up to which each source is complete, or null when every watermark is already there. */
    private long[] horizon() {
        try (Connection c = database.connection()) {
            long[] marks = watermarks(c, false);
            long[] max = maxSeqs(c);
            boolean pending = false;
            for (int i = 0; i < 3; i++) {
                pending |= max[i] > marks[i];
            }
            if (!pending) {
                return null;
            }
            if (dialect == Dialect.SQLITE) {
                return max; // serial commits: everything up to max is visible
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '2s'");
                s.execute("LOCK TABLE clicks, leads, sales IN SHARE MODE");
                long[] safe = maxSeqs(c);
                c.commit();
                return safe;
            } catch (SQLException e) {
                c.rollback();
                if ("55P03".equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the rollup horizon", e);
        }
    }

    private static long[] maxSeqs(Connection c) throws SQLException {
        long[] max = new long[3];
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM " + SOURCES.get(i))) {
                    rs.next();
                    max[i] = rs.getLong(1);
                }
            }
        }
        return max;
    }

    private long[] watermarks(Connection c, boolean forUpdate) throws SQLException {
        long[] marks = new long[3];
        String sql = "SELECT source, seq FROM rollup_watermarks ORDER BY source"
                + (forUpdate && dialect == Dialect.POSTGRES ? " FOR UPDATE" : "");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                marks[SOURCES.indexOf(rs.getString(1))] = rs.getLong(2);
            }
        }
        return marks;
    }

    /** The current watermarks (clicks, leads, sales): rollups hold exactly the rows up to them. */
    public long[] watermarks() {
        try (Connection c = database.connection()) {
            return watermarks(c, false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int round(long[] horizon) {
        // Read and sum outside any write transaction: on SQLite a write transaction holds the
        // database's only write lock, and the click writer (so every redirect) would wait out
        // the whole read. Only the upserts and the watermark move run under the lock.
        long[] marks;
        long[] next;
        Aggregate agg = new Aggregate();
        int read = 0;
        try (Connection c = database.connection()) {
            marks = watermarks(c, false);
            next = marks.clone();
            for (int i = 0; i < 3; i++) {
                if (horizon[i] > marks[i]) {
                    long last = i == 0 ? foldClicks(c, marks[i], horizon[i], agg)
                            : readSource(c, i, marks[i], horizon[i], agg);
                    if (last > marks[i]) {
                        read += (int) Math.min(Integer.MAX_VALUE, last - marks[i]);
                        next[i] = last;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Rollup round failed", e);
        }
        if (read == 0) {
            return 0;
        }
        // Connection first, gate second: the order every JDBI transaction takes too. Waiting for
        // a pooled connection while holding the gate would deadlock with requests that hold
        // connections while they wait for the gate.
        try (Connection c = database.connection()) {
            database.writeGate().enter();
            try {
                return foldUnderGate(c, marks, next, agg, read);
            } finally {
                database.writeGate().exit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Rollup round failed", e);
        }
    }

    private int foldUnderGate(Connection c, long[] marks, long[] next, Aggregate agg, int read) throws SQLException {
        c.setAutoCommit(false);
        try {
            // Another round (another process, or a catch-up here) may have folded these rows
            // meanwhile: the watermarks, read again under the lock, say whether ours still apply.
            if (!java.util.Arrays.equals(watermarks(c, true), marks)) {
                c.rollback();
                return LOST_RACE;
            }
            agg.write(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE rollup_watermarks SET seq = ? WHERE source = ?")) {
                for (int i = 0; i < 3; i++) {
                    if (next[i] != marks[i]) {
                        ps.setLong(1, next[i]);
                        ps.setString(2, SOURCES.get(i));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            return read;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static String dimensionColumns() {
        StringBuilder sql = new StringBuilder();
        for (Dimension d : Dimension.ROLLED_UP) {
            if (d.readsClick()) {
                sql.append(", ").append(d.sql());
            }
        }
        return sql.toString();
    }

    /** Folds the clicks above {@code after}: from memory when the writer handed all of them over, else read. */
    private long foldClicks(Connection c, long after, long upTo, Aggregate agg) throws SQLException {
        if (committed != null) {
            long end = Math.min(upTo, after + BATCH);
            CommittedClickBuffer.Run run = committed.take(after, end);
            if (run != null) {
                int dims = dimensionCount();
                String[] values = new String[dims];
                long seq = run.firstSeq();
                for (Click click : run.clicks()) {
                    int i = 0;
                    for (Dimension d : Dimension.ROLLED_UP) {
                        if (d.readsClick()) {
                            values[i++] = d.valueOf(click);
                        }
                    }
                    agg.add(0, seq++, click.workspaceId(), click.timestamp(), click.linkId(), 0, values);
                }
                return end;
            }
        }
        return readSource(c, 0, after, upTo, agg);
    }

    /** Reads rows of one source above {@code after}, folds them into {@code agg}; returns the last seq read. */
    private static long readSource(Connection c, int source, long after, long upTo, Aggregate agg) throws SQLException {
        String sql = switch (source) {
            case 0 -> "SELECT c.seq, c.workspace_id, c.ts, c.link_id, 0" + dimensionColumns()
                    + " FROM clicks c WHERE c.seq > ? AND c.seq <= ? ORDER BY c.seq LIMIT " + BATCH;
            case 1 -> "SELECT e.seq, e.workspace_id, e.ts, e.link_id, 0" + dimensionColumns()
                    + " FROM leads e LEFT JOIN clicks c ON c.id = e.click_id WHERE e.seq > ? AND e.seq <= ?"
                    + " ORDER BY e.seq LIMIT " + BATCH;
            default -> "SELECT e.seq, e.workspace_id, e.ts, e.link_id, e.amount" + dimensionColumns()
                    + " FROM sales e LEFT JOIN clicks c ON c.id = e.click_id WHERE e.seq > ? AND e.seq <= ?"
                    + " ORDER BY e.seq LIMIT " + BATCH;
        };
        long last = after;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                int dims = dimensionCount();
                String[] values = new String[dims];
                while (rs.next()) {
                    last = rs.getLong(1);
                    String ws = rs.getString(2);
                    long ts = rs.getLong(3);
                    String link = rs.getString(4);
                    if (link == null) {
                        continue; // unattributed conversion: not in analytics
                    }
                    long amount = rs.getLong(5);
                    for (int i = 0; i < dims; i++) {
                        values[i] = rs.getString(6 + i);
                    }
                    agg.add(source, last, ws, ts, link, amount, values);
                }
            }
        }
        return last;
    }

    private static int dimensionCount() {
        return Dimension.ROLLED_UP.length - 2; // without the total and the link
    }

    private record Key(String ws, String dim, String value, long period) {}

    record LinkKey(String ws, String link, long hour) {}

    private record SeqKey(String ws, long hour) {}

    /** The longest dimension value a rollup row holds (see Aggregate.rolledUpValue). */
    static final int MAX_VALUE_LENGTH = 500;

    /** One round's sums, keyed like the rollup tables' primary keys. */
    private static final class Aggregate {
        final Map<Key, long[]> hourly = new HashMap<>();
        final Map<Key, long[]> daily = new HashMap<>();
        final Map<LinkKey, long[]> links = new HashMap<>();
        final Map<SeqKey, long[]> seqs = new HashMap<>();

        void add(int source, long seq, String ws, long ts, String link, long amount, String[] values) {
            long hour = Math.floorDiv(ts, HOUR) * HOUR;
            long day = Math.floorDiv(ts, DAY) * DAY;
            long clicks = source == 0 ? 1 : 0;
            long leads = source == 1 ? 1 : 0;
            long sales = source == 2 ? 1 : 0;
            long saleAmount = source == 2 ? amount : 0;
            bump(hourly, new Key(ws, "", "", hour), clicks, leads, sales, saleAmount);
            bump(daily, new Key(ws, "", "", day), clicks, leads, sales, saleAmount);
            bump(hourly, new Key(ws, "link", link, hour), clicks, leads, sales, saleAmount);
            bump(daily, new Key(ws, "link", link, day), clicks, leads, sales, saleAmount);
            bump(links, new LinkKey(ws, link, hour), clicks, leads, sales, saleAmount);
            int i = 0;
            for (Dimension d : Dimension.ROLLED_UP) {
                if (!d.readsClick()) {
                    continue;
                }
                String v = rolledUpValue(values[i++]);
                if (v != null && !v.isEmpty()) {
                    bump(hourly, new Key(ws, d.code(), v, hour), clicks, leads, sales, saleAmount);
                    bump(daily, new Key(ws, d.code(), v, day), clicks, leads, sales, saleAmount);
                }
            }
            if (source == 0) {
                long[] bounds = seqs.computeIfAbsent(new SeqKey(ws, hour), k -> new long[] {seq, seq});
                bounds[0] = Math.min(bounds[0], seq);
                bounds[1] = Math.max(bounds[1], seq);
            }
        }

        /**
         * A value as a rollup row keeps it: a visitor's referer or UTM value can be thousands of
         * characters, beyond PostgreSQL's index row (about 2,700 bytes) of the rollup keys, which
         * would stop the builder for every workspace. 500 characters are at most 2,000 bytes of
         * UTF-8; longer values are grouped by their first 500 characters.
         */
        static String rolledUpValue(String v) {
            if (v == null || v.length() <= MAX_VALUE_LENGTH) {
                return v;
            }
            int end = Character.isHighSurrogate(v.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1 : MAX_VALUE_LENGTH;
            return v.substring(0, end);
        }

        private static <K> void bump(Map<K, long[]> map, K key, long clicks, long leads, long sales, long amount) {
            long[] m = map.computeIfAbsent(key, k -> new long[4]);
            m[0] += clicks;
            m[1] += leads;
            m[2] += sales;
            m[3] += amount;
        }

        private static final String ADD = " DO UPDATE SET clicks = %1$s.clicks + excluded.clicks,"
                + " leads = %1$s.leads + excluded.leads, sales = %1$s.sales + excluded.sales,"
                + " sale_amount = %1$s.sale_amount + excluded.sale_amount";

        void write(Connection c) throws SQLException {
            writeDims(c, "rollup_hourly", "hour", hourly);
            writeDims(c, "rollup_daily", "day", daily);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollup_link_hourly (workspace_id, link_id, hour,"
                    + " clicks, leads, sales, sale_amount) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (workspace_id, link_id, hour)" + ADD.formatted("rollup_link_hourly"))) {
                int n = 0;
                for (var e : links.entrySet()) {
                    ps.setString(1, e.getKey().ws());
                    ps.setString(2, e.getKey().link());
                    ps.setLong(3, e.getKey().hour());
                    setMetrics(ps, 4, e.getValue());
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            LinkTotals.write(c, links);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollup_click_seq (workspace_id, hour, min_seq,"
                    + " max_seq) VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, hour) DO UPDATE SET"
                    + " min_seq = CASE WHEN excluded.min_seq < rollup_click_seq.min_seq THEN excluded.min_seq"
                    + " ELSE rollup_click_seq.min_seq END,"
                    + " max_seq = CASE WHEN excluded.max_seq > rollup_click_seq.max_seq THEN excluded.max_seq"
                    + " ELSE rollup_click_seq.max_seq END")) {
                for (var e : seqs.entrySet()) {
                    ps.setString(1, e.getKey().ws());
                    ps.setLong(2, e.getKey().hour());
                    ps.setLong(3, e.getValue()[0]);
                    ps.setLong(4, e.getValue()[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private static void writeDims(Connection c, String table, String period, Map<Key, long[]> rows)
                throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (workspace_id, dim, value, "
                    + period + ", clicks, leads, sales, sale_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (workspace_id, dim, " + period + ", value)" + ADD.formatted(table))) {
                int n = 0;
                for (var e : rows.entrySet()) {
                    ps.setString(1, e.getKey().ws());
                    ps.setString(2, e.getKey().dim());
                    ps.setString(3, e.getKey().value());
                    ps.setLong(4, e.getKey().period());
                    setMetrics(ps, 5, e.getValue());
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }

        private static void setMetrics(PreparedStatement ps, int from, long[] m) throws SQLException {
            for (int i = 0; i < 4; i++) {
                ps.setLong(from + i, m[i]);
            }
        }
    }
}
