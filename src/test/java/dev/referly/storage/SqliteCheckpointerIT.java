package dev.referly.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SQLite only: PostgreSQL has no write-ahead log file for Referly to look after. Under writes
 * that never pause, a checkpoint can only complete with the writers held at the gate; unless
 * the checkpointer does that, SQLite rarely rewinds the log and it keeps growing.
 */
@Timeout(60)
class SqliteCheckpointerIT {
    private static final int WAL_HEADER_CHECKPOINT_SEQUENCE = 12;
    private static final long COMMIT_EVERY_NANOS = 200_000;

    @Test
    void theLogRewindsWhileWritesNeverPause() throws Exception {
        String url = TestDatabases.fresh(Store.SQLITE);
        Path wal = Path.of(Database.sqliteFile(url) + "-wal");
        try (Database database = Database.open(DatabaseUrl.parse(url))) {
            database.migrate("refer.ly");
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (n INTEGER NOT NULL, pad TEXT NOT NULL)"));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong commits = new AtomicLong();
            Thread writer = Thread.ofPlatform().start(() -> writeUntilStopped(database, writing, commits));

            Set<Integer> sequences = new HashSet<>();
            long until = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.sleep(20);
                if (Files.exists(wal) && Files.size(wal) >= 32) {
                    sequences.add(checkpointSequence(wal));
                }
            }
            writing.set(false);
            writer.join();

            assertThat(commits.get()).as("commits written").isGreaterThan(300);
            // Each rewind starts the log over with the next checkpoint sequence number. The
            // checkpointer finishes a checkpoint every 500 ms; left to itself, SQLite rewinds
            // only when a pass happens to fall between two commits, which at a commit every
            // fraction of a millisecond is rare.
            assertThat(sequences).as("checkpoint sequences seen in the log header").hasSizeGreaterThanOrEqualTo(4);
        } finally {
            TestDatabases.dispose(url);
        }
    }

    private static void writeUntilStopped(Database database, AtomicBoolean writing, AtomicLong commits) {
        String pad = "x".repeat(200);
        try (Connection c = database.connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO probe (n, pad) VALUES (?, ?)")) {
            for (long n = 0; writing.get(); n++) {
                database.writeGate().enter();
                try {
                    c.setAutoCommit(false);
                    insert.setLong(1, n);
                    insert.setString(2, pad);
                    insert.executeUpdate();
                    c.commit();
                    c.setAutoCommit(true);
                } finally {
                    database.writeGate().exit();
                }
                commits.incrementAndGet();
                LockSupport.parkNanos(COMMIT_EVERY_NANOS); // steady, like redirects, and never long enough for a pass
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The big-endian checkpoint sequence number in the WAL header (SQLite file format, section 4.1). */
    private static int checkpointSequence(Path wal) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(wal.toFile(), "r")) {
            file.seek(WAL_HEADER_CHECKPOINT_SEQUENCE);
            return file.readInt();
        }
    }
}
