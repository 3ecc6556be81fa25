package dev.referly.storage;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private static final int MAX_CATCH_UP_PASSES = 4;
    private static final long SHORT_PASS_NANOS = 2_000_000;
    private static final long CATCH_UP_BUDGET_NANOS = 150_000_000;
    private static final long WAL_RESTART_BYTES = Long.getLong("referly.walRestartBytes", 512L * 1024 * 1024);

    private final DataSource dataSource;
    private final WriteGate writeGate;
    private final Path database;
    private final Path wal;
    private final Thread thread;
    private volatile boolean running = true;

    SqliteCheckpointer(DataSource dataSource, WriteGate writeGate, Path databaseFile) {
        this.dataSource = dataSource;
        this.writeGate = writeGate;
        this.database = databaseFile;
        this.wal = databaseFile == null ? null : Path.of(databaseFile + "-wal");
        this.thread = Thread.ofPlatform().name("sqlite-checkpointer").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                catchUp();
                flushFiles();
                finishUnderGate();
                restartWhenLarge();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One pass copies what the log held when it began; at 40k clicks/s that takes ~50 ms,
     * and what arrived meanwhile would be left for the pass under the gate. Passes repeat
     * while they are long, so that pass finds only a few milliseconds of frames.
     */
    private void catchUp() {
        long began = System.nanoTime();
        for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
            long started = System.nanoTime();
            checkpoint("PASSIVE");
            long now = System.nanoTime();
            // Past the time budget the disk is the limit, and more passes would only let the log grow.
            if (now - started < SHORT_PASS_NANOS || now - began > CATCH_UP_BUDGET_NANOS) {
                return;
            }
        }
    }

    /**
     * The pass under the gate syncs the log and then the database file. Measured on a
     * virtio disk, those syncs took 6 to 18 ms when they had to flush the log written
     * since the last pass, and every redirect waited that long twice a second (the p99).
     * Flushing both files here, with the writers running, leaves the gated syncs ~1 ms of
     * writes; they still run, so the guarantees are SQLite's own.
     */
    private void flushFiles() {
        if (database == null) {
            return;
        }
        for (Path file : new Path[] {wal, database}) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (java.io.IOException e) {
                // only an early flush: the gated pass syncs both files itself
            }
        }
    }

    /**
     * Under steady writes a PASSIVE checkpoint never quite catches up, and SQLite only rewinds
     * the log once it is fully copied when a writer begins: the file grows without bound (about
     * 3.5 KB per click was measured). Past a size, pause the writers at the gate for a RESTART
     * checkpoint; the PASSIVE pass just before has copied nearly everything, so the pause is short.
     */
    private void restartWhenLarge() {
        try {
            if (wal == null || !Files.exists(wal) || Files.size(wal) < WAL_RESTART_BYTES) {
                return;
            }
        } catch (java.io.IOException e) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            writeGate.enter();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                writeGate.exit();
            }
        } catch (SQLException e) {
            if (running) {
                LOG.log(Level.WARNING, "WAL restart checkpoint failed; will retry", e);
            }
        }
    }

    /**
     * Under steady writes a PASSIVE checkpoint never completes: frames keep arriving while it
     * copies, and SQLite rewinds the log only once every frame is copied when a writer begins.
     * The pass just made copied nearly everything, so a second pass with the writers paused at
     * the gate copies the few frames that came since - a pause of 1 to 3 ms on the bench - and
     * completes, letting the next commit start the log over. This keeps the WAL at about one
     * interval of writes without the long TRUNCATE pauses (tens of ms, the p99 of bench/track).
     */
    private void finishUnderGate() {
        try (Connection c = dataSource.getConnection()) {
            writeGate.enter();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } finally {
                writeGate.exit();
            }
        } catch (SQLException e) {
            if (running) {
                LOG.log(Level.WARNING, "WAL checkpoint failed; will retry", e);
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
