package dev.referly.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Write transactions for requests, each committed durably before {@link #inTransaction} returns.
 *
 * <p>On SQLite, group commit: callers queue their unit of work and park (on a virtual thread)
 * while one writer thread runs whatever has queued up as one transaction, on one long-lived
 * connection whose prepared statements are kept ({@link StatementCache}). It passes the
 * {@link WriteGate} once per batch, runs each unit inside a SAVEPOINT of its own, so a unit that
 * throws is rolled back alone and its exception goes to its caller while the others go on, then
 * commits once (the same commit, with the same durability, as a transaction of its own) and
 * answers every caller. One fsync and one lock hand-over per batch instead of per request.
 *
 * <p>On PostgreSQL, which locks rows and has many connections, a unit is simply
 * {@code jdbi.inTransaction}.
 *
 * <p>What a unit must respect: it touches the database only through the handle it is given (it
 * may run twice: if its batch fails as a whole, for example at COMMIT, every unit is run again
 * in a transaction of its own, and only a committed run counts); it must not change the
 * handle's configuration (register mappers, set timeouts), because on SQLite the handle outlives
 * it; it must not wait for another thread that writes through this writer. Calling back into the writer, or into
 * {@code jdbi.inTransaction}/{@code withHandle}, from inside a unit is fine: on the writer thread
 * those join the unit's transaction, as nested JDBI transactions do, instead of deadlocking.
 * Read-only work does not belong here: it would queue behind writes for nothing.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class.getName());
    /** Units per transaction: enough to amortize the commit, few enough to keep a batch's wait short. */
    static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 4_096;
    /** Distinct SQL texts kept prepared; conversions use a few dozen, generated IN-lists would use more. */
    static final int CACHED_STATEMENTS = 256;

    private final Jdbi jdbi;
    private final WriteGate gate;
    private final Consumer<Connection> evict;
    private final BatchQueue<Unit<?>> queue;
    /** The writer thread's; only that thread touches it while the queue runs. */
    private Session session;
    private final AtomicLong batches = new AtomicLong();

    /** {@code evict}: drops a broken connection from the pool, so a transaction left open cannot come back. */
    GroupCommitWriter(Jdbi jdbi, Dialect dialect, WriteGate gate, Consumer<Connection> evict) {
        this.jdbi = jdbi;
        this.gate = gate;
        this.evict = evict;
        this.queue = dialect == Dialect.SQLITE
                ? new BatchQueue<>("sqlite-writer", QUEUE_CAPACITY, MAX_BATCH, this::commit)
                : null;
    }

    /**
     * Runs read-only {@code work} on a pooled connection, beside the writer. Reads of rows that
     * never change (a click) belong here rather than in a unit: the writer runs units one at a
     * time, so each statement moved out of them is throughput on SQLite.
     */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /** Runs {@code work} in a write transaction and returns its result once that is committed. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        if (queue == null) {
            return jdbi.inTransaction(work);
        }
        if (queue.isConsumerThread()) {
            return work.withHandle(session.handle); // called back from a unit: it joins the unit's transaction
        }
        Unit<T> unit = new Unit<>(work);
        try {
            queue.put(unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted before the write was queued", e);
        }
        return unit.await(queue);
    }

    public void useTransaction(HandleConsumer<RuntimeException> work) {
        inTransaction(h -> {
            work.useHandle(h);
            return null;
        });
    }

    /** Transactions committed by the writer thread so far (SQLite); for tests and metrics. */
    long batches() {
        return batches.get();
    }

    /** Units waiting for the writer thread (SQLite). */
    int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** Statements the writer's connection has prepared so far; read it once the writer is idle. */
    long statementsPrepared() {
        Session s = session;
        return s == null ? 0 : s.statements.prepared();
    }

    private void commit(List<Unit<?>> batch) {
        try {
            runTogether(batch);
        } catch (SQLException | RuntimeException | Error whole) {
            if (batch.size() == 1) {
                batch.getFirst().failWith(whole);
            } else {
                // Which unit broke the transaction (if any did) is unknown: give each its own.
                LOG.log(Level.WARNING, "A batch of " + batch.size()
                        + " write transactions failed as a whole; running each on its own", whole);
                for (Unit<?> unit : batch) {
                    try {
                        runTogether(List.of(unit));
                    } catch (SQLException | RuntimeException | Error alone) {
                        unit.failWith(alone);
                    }
                }
            }
        } finally {
            batch.forEach(Unit::settle);
        }
    }

    private void runTogether(List<Unit<?>> units) throws SQLException {
        if (session == null) {
            session = new Session(jdbi.open()); // the connection before the gate, never the other way round
        }
        Session s = session;
        gate.enter();
        try {
            s.connection.setAutoCommit(false); // BEGIN IMMEDIATE: the data source's transaction mode
            for (Unit<?> unit : units) {
                s.savepoint.execute();
                if (!unit.run(s.handle)) {
                    s.rollbackToSavepoint.execute();
                }
                s.releaseSavepoint.execute();
            }
            // Auto-commit on commits. Not commit(): sqlite-jdbc would begin the next transaction
            // at once, and with it take SQLite's write lock from every other writer.
            s.connection.setAutoCommit(true);
            batches.incrementAndGet();
        } catch (SQLException | RuntimeException | Error e) {
            discardSession();
            throw e;
        } finally {
            gate.exit();
        }
    }

    private void discardSession() {
        Session s = session;
        session = null;
        jdbi.getHandleScope().clear();
        s.close(true);
    }

    /** Stops taking work, commits everything already queued, and returns the connection. */
    @Override
    public void close() {
        if (queue == null) {
            return;
        }
        queue.close();
        if (session != null) {
            session.close(false);
            session = null;
        }
    }

    /** The writer thread's handle and connection, kept across batches; thrown away after a failure. */
    private final class Session {
        final Handle handle;
        final Connection connection;
        final StatementCache statements = new StatementCache(CACHED_STATEMENTS);
        final PreparedStatement savepoint;
        final PreparedStatement rollbackToSavepoint;
        final PreparedStatement releaseSavepoint;

        Session(Handle handle) throws SQLException {
            this.handle = handle;
            this.connection = handle.getConnection();
            try {
                handle.setStatementBuilder(statements);
                savepoint = connection.prepareStatement("SAVEPOINT unit");
                rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO SAVEPOINT unit");
                releaseSavepoint = connection.prepareStatement("RELEASE SAVEPOINT unit");
            } catch (SQLException | RuntimeException e) {
                handle.close();
                throw e;
            }
            // JDBI calls a unit makes on this thread through the Jdbi rather than its handle
            // (jdbi.withHandle, jdbi.inTransaction) get this handle, inside the unit's
            // transaction, instead of a second connection waiting for the lock this thread holds.
            jdbi.getHandleScope().set(handle);
        }

        void close(boolean broken) {
            if (broken) {
                // sqlite-jdbc may believe it is in auto-commit while SQLite still has the
                // transaction open (a failed COMMIT): end it here, and keep the connection out of the pool.
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException | RuntimeException ignored) {
                    // no transaction was open, or the connection is gone
                }
                try {
                    evict.accept(connection);
                } catch (RuntimeException ignored) {
                    // closing it below is all that is left to do
                }
            }
            statements.close(connection);
            try {
                handle.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing the writer's handle", e);
            }
        }
    }

    /** One caller's unit of work, its outcome, and the future its caller waits on. */
    private static final class Unit<T> {
        private final HandleCallback<T, RuntimeException> work;
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Unit(HandleCallback<T, RuntimeException> work) {
            this.work = work;
        }

        /** False when the unit threw: its savepoint must be rolled back. */
        boolean run(Handle h) {
            try {
                result = work.withHandle(h);
                failure = null;
                return true;
            } catch (RuntimeException | Error e) {
                result = null;
                failure = e;
                return false;
            }
        }

        /** The transaction failed as a whole; a unit that had thrown keeps its own, more telling, exception. */
        void failWith(Throwable t) {
            result = null;
            if (failure == null) {
                failure = t;
            }
        }

        /** Called once the batch is over: committed, or failed. */
        void settle() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        }

        T await(BatchQueue<Unit<?>> queue) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return done.get(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true; // the unit may be committing: keep waiting for its outcome
                    } catch (TimeoutException e) {
                        if (queue.abandoned(this)) {
                            throw new IllegalStateException("The writer closed before this transaction ran");
                        }
                    } catch (ExecutionException e) {
                        throw rethrow(e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The unit's own exception, unchanged, so callers map ApiExceptions and constraint violations as before. */
        private static RuntimeException rethrow(Throwable t) {
            if (t instanceof RuntimeException r) {
                return r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new IllegalStateException(t);
        }
    }
}
