package dev.referly.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Copies SQLite's write-ahead log into the database file from a thread of its own. SQLite
 * would otherwise checkpoint inside whichever commit crosses the threshold, and that commit
 * (usually the click writer's) would stall on the checkpoint's fsync while redirects wait on it.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SqliteCheckpointer.class.getName());
    private static final long INTERVAL_MILLIS = 500;

    private final DataSource dataSource;
    private final Thread thread;
    private volatile boolean running = true;

    SqliteCheckpointer(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = Thread.ofPlatform().name("sqlite-checkpointer").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                checkpoint("PASSIVE");
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void checkpoint(String mode) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            if (running) {
                LOG.log(Level.WARNING, "WAL checkpoint failed; will retry", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
    }
}
