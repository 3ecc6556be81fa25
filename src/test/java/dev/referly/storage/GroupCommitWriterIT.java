package dev.referly.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer on real databases: units that throw roll back alone and their callers get their
 * exception while the rest of the batch commits; racing identical inserts record once; units
 * that call back into the writer or into JDBI join their own transaction; statements are reused.
 */
@ParameterizedClass
@EnumSource(Store.class)
@Timeout(60)
class GroupCommitWriterIT {
    @Parameter
    Store store;

    private String url;
    private Database database;
    private GroupCommitWriter writer;
    private ExecutorService callers;

    @BeforeEach
    void open() {
        url = TestDatabases.fresh(store);
        database = Database.open(DatabaseUrl.parse(url));
        database.migrate("refer.ly");
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL)"));
        writer = database.writer();
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        database.close();
        TestDatabases.dispose(url);
    }

    private static int insert(Handle h, String id, int n) {
        return h.createUpdate("INSERT INTO probe (id, n) VALUES (:id, :n)").bind("id", id).bind("n", n).execute();
    }

    private Set<String> storedIds() {
        return new HashSet<>(database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM probe").mapTo(String.class).list()));
    }

    /** Submits every unit at once while the writer is held, so on SQLite they share one transaction. */
    private <T> List<Future<T>> submitTogether(List<HandleCallback<T, RuntimeException>> units) throws Exception {
        return submitTogether(units, true);
    }

    private <T> List<Future<T>> submitTogether(List<HandleCallback<T, RuntimeException>> units, boolean oneBatch)
            throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> hold = callers.submit(() -> writer.useTransaction(h -> {
            holding.countDown();
            await(release);
        }));
        if (store == Store.SQLITE) {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        }
        long batchesBefore = writer.batches();
        List<Future<T>> futures = new ArrayList<>();
        for (HandleCallback<T, RuntimeException> unit : units) {
            futures.add(callers.submit(() -> writer.inTransaction(unit)));
        }
        if (store == Store.SQLITE) {
            while (writer.queued() < units.size()) {
                Thread.onSpinWait();
            }
        }
        release.countDown();
        hold.get(10, TimeUnit.SECONDS);
        for (Future<T> f : futures) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // examined by the test
            }
        }
        if (store == Store.SQLITE && oneBatch) {
            // the held unit's transaction, then all of these in one (they fit in MAX_BATCH)
            assertThat(writer.batches() - batchesBefore).isLessThanOrEqualTo(2);
        }
        return futures;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable failureOf(Future<?> f) {
        assertThat(f.state()).isEqualTo(Future.State.FAILED);
        return f.exceptionNow();
    }

    @Test
    void aUnitThatThrowsRollsBackAloneAndItsCallerGetsItsException() throws Exception {
        database.jdbi().useHandle(h -> insert(h, "taken", 0));
        List<HandleCallback<Integer, RuntimeException>> units = new ArrayList<>();
        List<RuntimeException> thrown = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = i;
            RuntimeException own = new IllegalArgumentException("unit " + n + " refuses");
            thrown.add(own);
            units.add(h -> {
                insert(h, "row-" + n, n);
                switch (n % 4) {
                    case 0 -> throw own; // after writing: its row must go
                    case 1 -> insert(h, "taken", n); // a unique violation raised by the database
                    default -> { }
                }
                return n;
            });
        }
        List<Future<Integer>> futures = submitTogether(units);

        Set<String> expected = new HashSet<>(Set.of("taken"));
        for (int i = 0; i < units.size(); i++) {
            switch (i % 4) {
                case 0 -> assertThat(failureOf(futures.get(i))).isSameAs(thrown.get(i));
                case 1 -> assertThat(ConstraintViolation.unique(failureOf(futures.get(i)))).isPresent();
                default -> {
                    assertThat(futures.get(i).resultNow()).isEqualTo(i);
                    expected.add("row-" + i);
                }
            }
        }
        assertThat(storedIds()).isEqualTo(expected);
    }

    @Test
    void identicalRacingInsertsRecordOnce() throws Exception {
        List<HandleCallback<Integer, RuntimeException>> units = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            units.add(h -> h.createUpdate("INSERT INTO probe (id, n) VALUES ('same', 1) ON CONFLICT (id) DO NOTHING")
                    .execute());
        }
        List<Future<Integer>> futures = submitTogether(units);
        assertThat(futures.stream().mapToInt(Future::resultNow).sum()).isEqualTo(1);
        assertThat(storedIds()).containsExactly("same");
    }

    @Test
    void aUnitThatBreaksTheWholeTransactionFailsAloneAndTheOthersAreRunAgain() throws Exception {
        List<HandleCallback<Integer, RuntimeException>> units = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            units.add(h -> {
                insert(h, "row-" + n, n);
                if (n == 7) {
                    h.execute("ROLLBACK"); // ends the batch's transaction under everybody's feet
                }
                return n;
            });
        }
        List<Future<Integer>> futures = submitTogether(units, false);
        if (store == Store.SQLITE) {
            assertThat(writer.batches()).as("each unit was given a transaction of its own").isGreaterThanOrEqualTo(20);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            if (i != 7) {
                assertThat(futures.get(i).resultNow()).isEqualTo(i);
                expected.add("row-" + i);
            }
        }
        if (store == Store.SQLITE) {
            assertThat(futures.get(7).state()).isEqualTo(Future.State.FAILED);
        }
        assertThat(storedIds()).isEqualTo(expected);
        // the writer carries on with a fresh connection
        int after = writer.inTransaction(h -> insert(h, "after", 1));
        assertThat(after).isEqualTo(1);
        assertThat(storedIds()).contains("after");
    }

    @Test
    void unitsCallingBackIntoTheWriterOrJdbiJoinTheirOwnTransaction() {
        writer.inTransaction(h -> {
            insert(h, "outer", 1);
            writer.inTransaction(inner -> insert(inner, "via-writer", 2));
            database.jdbi().inTransaction(inner -> insert(inner, "via-jdbi", 3));
            return null;
        });
        assertThat(storedIds()).containsExactlyInAnyOrder("outer", "via-writer", "via-jdbi");

        RuntimeException refusal = new IllegalStateException("changed my mind");
        assertThatThrownBy(() -> writer.inTransaction(h -> {
            insert(h, "outer-2", 1);
            writer.inTransaction(inner -> insert(inner, "via-writer-2", 2));
            database.jdbi().useTransaction(inner -> insert(inner, "via-jdbi-2", 3));
            throw refusal;
        })).isSameAs(refusal);
        assertThat(storedIds()).containsExactlyInAnyOrder("outer", "via-writer", "via-jdbi");
    }

    @Test
    void theWritersStatementsArePreparedOnce() {
        int first = writer.inTransaction(h -> insert(h, "first", 0));
        assertThat(first).isEqualTo(1);
        long prepared = writer.statementsPrepared();
        for (int i = 0; i < 200; i++) {
            int n = i;
            writer.inTransaction(h -> {
                insert(h, "again-" + n, n);
                return h.createQuery("SELECT n FROM probe WHERE id = :id").bind("id", "again-" + n)
                        .mapTo(Integer.class).one();
            });
        }
        if (store == Store.SQLITE) {
            assertThat(writer.statementsPrepared() - prepared).isEqualTo(1); // the SELECT; the INSERT was cached
        }
        assertThat(storedIds()).hasSize(201);
    }

    @Test
    void theStatementCacheReusesStatementsAndStaysBounded() {
        try (Handle h = database.jdbi().open()) {
            StatementCache cache = new StatementCache(8);
            h.setStatementBuilder(cache);
            for (int i = 0; i < 50; i++) {
                insert(h, "c-" + i, i);
            }
            assertThat(cache.prepared()).isEqualTo(1);

            // a failed execution leaves a statement that still works
            assertThatThrownBy(() -> insert(h, "c-0", 0)).isInstanceOf(UnableToExecuteStatementException.class);
            assertThat(insert(h, "c-50", 50)).isEqualTo(1);

            // IN-lists of every length are as many SQL texts; only the 8 most recent stay open
            for (int size = 1; size <= 40; size++) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    ids.add("c-" + i);
                }
                int found = h.createQuery("SELECT COUNT(*) FROM probe WHERE id IN (<ids>)").bindList("ids", ids)
                        .mapTo(Integer.class).one();
                assertThat(found).isEqualTo(size);
                assertThat(cache.idleCount()).isLessThanOrEqualTo(8);
            }
        }
    }
}
