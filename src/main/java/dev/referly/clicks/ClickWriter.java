package dev.referly.clicks;

import dev.referly.storage.BatchQueue;
import dev.referly.storage.Database;
import dev.referly.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for clicks. Redirect threads hand clicks over; one writer thread (a
 * {@link BatchQueue}) commits whatever has queued up while the previous commit ran, in a single
 * transaction, then completes each click's future with the click id it was stored under (a
 * repeat visitor inside the one-hour window gets the window's id and adds nothing).
 */
final class ClickWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClickWriter.class.getName());
    static final long WINDOW_MILLIS = 3_600_000L;
    private static final int MAX_BATCH = 2_000;
    private static final int MAX_ATTEMPTS = 5;

    /** A click waiting for its commit; {@code fixedId} clicks keep their id even inside an open window. */
    record Pending(Click click, boolean fixedId, CompletableFuture<String> stored) {}

    private static final String UPSERT_WINDOW =
            "INSERT INTO click_windows (link_id, visitor_hash, click_id, opened_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (link_id, visitor_hash) DO UPDATE SET click_id = excluded.click_id,"
                    + " opened_at = excluded.opened_at WHERE click_windows.opened_at <= ?";
    private static final String SELECT_WINDOW =
            "SELECT click_id, opened_at FROM click_windows WHERE link_id = ? AND visitor_hash = ?";
    private static final String INSERT_CLICK = "INSERT INTO clicks (id, workspace_id, link_id, ts, url, country,"
            + " city, region, continent, device, browser, browser_version, os, os_version, ua, referer, referer_url,"
            + " utm_source, utm_medium, utm_campaign, utm_term, utm_content, trigger_type, ip, visitor_hash, query)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COUNT_CLICKS = "UPDATE links SET clicks = clicks + ?, last_clicked ="
            + " CASE WHEN last_clicked IS NULL OR last_clicked < ? THEN ? ELSE last_clicked END WHERE id = ?";

    private static final String LAST_SEQ = "SELECT last_insert_rowid()";

    private final Database database;
    private final boolean sharedWindows;
    private final CommittedClicks committed;
    private final BatchQueue<Pending> queue;

    /** {@code sharedWindows}: check the database's window table, for processes sharing one database. */
    ClickWriter(Database database, int capacity, boolean sharedWindows, CommittedClicks committed) {
        this.database = database;
        this.sharedWindows = sharedWindows;
        this.committed = committed;
        this.queue = new BatchQueue<>("click-writer", capacity, MAX_BATCH, this::commitWithRetry);
    }

    /** Queues a click; blocks while the queue is full, so a stalled database slows redirects rather than dropping clicks. */
    CompletableFuture<String> submit(Click click, boolean fixedId) {
        Pending pending = new Pending(click, fixedId, new CompletableFuture<>());
        try {
            queue.put(pending);
        } catch (IllegalStateException closed) {
            pending.stored().completeExceptionally(new IllegalStateException("click writer is closed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.stored().completeExceptionally(e);
        }
        return pending.stored();
    }

    private void commitWithRetry(List<Pending> batch) {
        // A consistent lock order (windows by link and visitor, then links by id) keeps
        // writers in several processes from deadlocking on PostgreSQL.
        if (sharedWindows) { // only PostgreSQL takes row locks here
            batch.sort(Comparator.comparing((Pending p) -> p.click().linkId()).thenComparing(p -> p.click().visitorHash()));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Stored stored = commit(batch);
                if (!stored.clicks().isEmpty()) {
                    committed.committed(stored.firstSeq(), stored.clicks());
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).stored().complete(stored.ids().get(i));
                }
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    LOG.log(Level.SEVERE, "Could not store " + batch.size() + " clicks", e);
                    batch.forEach(p -> p.stored().completeExceptionally(e));
                    return;
                }
                LOG.log(Level.WARNING, "Storing clicks failed (attempt " + attempt + "), retrying", e);
                try {
                    Thread.sleep(50L * attempt * attempt);
                } catch (InterruptedException interrupted) {
                    // As before the queue took over the loop: the writer stops (its next poll sees the
                    // flag) and this batch is left as it is.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The writer thread's own connection and statements, kept across batches; reopened after a failure. */
    private static final class Session implements AutoCloseable {
        final Connection connection;
        final PreparedStatement upsert;
        final PreparedStatement select;
        final PreparedStatement insert;
        final PreparedStatement count;
        final PreparedStatement lastSeq;

        Session(Database database) throws SQLException {
            connection = database.connection();
            upsert = connection.prepareStatement(UPSERT_WINDOW);
            select = connection.prepareStatement(SELECT_WINDOW);
            insert = connection.prepareStatement(INSERT_CLICK);
            count = connection.prepareStatement(COUNT_CLICKS);
            // SQLite only: there, one transaction of the only click writer takes consecutive rowids.
            lastSeq = database.dialect() == Dialect.SQLITE ? connection.prepareStatement(LAST_SEQ) : null;
        }

        @Override
        public void close() {
            try {
                connection.close(); // closes its statements too
            } catch (SQLException ignored) {
                // a broken connection is being thrown away anyway
            }
        }
    }

    private Session session;

    /** What a commit stored: an id per pending click, and the clicks inserted after the seq {@code firstSeq} (SQLite only). */
    private record Stored(List<String> ids, long firstSeq, List<Click> clicks) {}

    private Stored commit(List<Pending> batch) throws SQLException {
        if (session == null) {
            session = new Session(database);
        }
        database.writeGate().enter();
        try {
            // Auto-commit off only for the batch: sqlite-jdbc begins the next (write-locking)
            // transaction as soon as one commits, which would shut every other writer out.
            session.connection.setAutoCommit(false);
            Stored stored = commit(session, batch);
            session.connection.commit();
            session.connection.setAutoCommit(true);
            return stored;
        } catch (SQLException | RuntimeException e) {
            try {
                session.connection.rollback();
            } catch (SQLException ignored) {
                // the session is discarded below
            }
            session.close();
            session = null;
            throw e;
        } finally {
            database.writeGate().exit();
        }
    }

    private Stored commit(Session s, List<Pending> batch) throws SQLException {
        List<String> ids = new ArrayList<>(batch.size());
        List<Click> inserted = new ArrayList<>(batch.size());
        Map<String, long[]> perLink = new TreeMap<>();
        for (Pending p : batch) {
            Click click = p.click();
            String existing = sharedWindows ? openWindow(s.upsert, s.select, click) : null;
            if (existing != null && !p.fixedId()) {
                ids.add(existing);
                continue;
            }
            ids.add(click.id());
            inserted.add(click);
            bindClick(s.insert, click);
            s.insert.addBatch();
            long[] agg = perLink.computeIfAbsent(click.linkId(), k -> new long[2]);
            agg[0]++;
            agg[1] = Math.max(agg[1], click.timestamp());
        }
        long firstSeq = 0;
        if (!inserted.isEmpty()) {
            s.insert.executeBatch();
            if (s.lastSeq != null) {
                try (ResultSet rs = s.lastSeq.executeQuery()) {
                    rs.next();
                    firstSeq = rs.getLong(1) - inserted.size() + 1;
                }
            }
            for (Map.Entry<String, long[]> e : perLink.entrySet()) {
                s.count.setLong(1, e.getValue()[0]);
                s.count.setLong(2, e.getValue()[1]);
                s.count.setLong(3, e.getValue()[1]);
                s.count.setString(4, e.getKey());
                s.count.addBatch();
            }
            s.count.executeBatch();
        }
        return new Stored(ids, firstSeq, s.lastSeq == null ? List.of() : inserted);
    }

    /** Opens this visitor's window with the click's id, or returns the id of the window already open. */
    private static String openWindow(PreparedStatement upsert, PreparedStatement select, Click click) throws SQLException {
        upsert.setString(1, click.linkId());
        upsert.setString(2, click.visitorHash());
        upsert.setString(3, click.id());
        upsert.setLong(4, click.timestamp());
        upsert.setLong(5, click.timestamp() - WINDOW_MILLIS);
        if (upsert.executeUpdate() == 1) {
            return null;
        }
        select.setString(1, click.linkId());
        select.setString(2, click.visitorHash());
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void bindClick(PreparedStatement s, Click c) throws SQLException {
        int i = 1;
        s.setString(i++, c.id());
        s.setString(i++, c.workspaceId());
        s.setString(i++, c.linkId());
        s.setLong(i++, c.timestamp());
        s.setString(i++, c.url());
        s.setString(i++, c.country());
        s.setString(i++, c.city());
        s.setString(i++, c.region());
        s.setString(i++, c.continent());
        s.setString(i++, c.device());
        s.setString(i++, c.browser());
        s.setString(i++, c.browserVersion());
        s.setString(i++, c.os());
        s.setString(i++, c.osVersion());
        s.setString(i++, c.userAgent());
        s.setString(i++, c.referer());
        s.setString(i++, c.refererUrl());
        setNullable(s, i++, c.utm().source());
        setNullable(s, i++, c.utm().medium());
        setNullable(s, i++, c.utm().campaign());
        setNullable(s, i++, c.utm().term());
        setNullable(s, i++, c.utm().content());
        s.setString(i++, c.trigger());
        setNullable(s, i++, c.ip());
        s.setString(i++, c.visitorHash());
        setNullable(s, i, c.query());
    }

    private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    /** Stops taking clicks and commits everything already queued. */
    @Override
    public void close() {
        queue.close();
        if (session != null) {
            session.close();
        }
    }
}
