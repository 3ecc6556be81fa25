package dev.referly.storage;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Prepared-statement reuse for every pooled SQLite connection, not only the writer's: the reads
 * around a conversion (its click, the workspace, the link for the answer) spent 28% of request
 * CPU preparing the same few statements again. Each physical connection keeps its own
 * {@link StatementCache}; statements are prepared on the physical connection so the pool's
 * proxy does not close them when the connection goes back to the pool. A pooled connection is
 * used by one handle at a time, so its cache is too.
 */
final class PooledStatementCaches implements StatementBuilderFactory {
    private static final int CAPACITY = 64;
    private final Map<SQLiteConnection, StatementCache> caches = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        SQLiteConnection physical;
        try {
            physical = connection.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            return new org.jdbi.v3.core.statement.DefaultStatementBuilder();
        }
        return new Lent(physical, caches.computeIfAbsent(physical, c -> new StatementCache(CAPACITY)));
    }

    /** One handle's use of its connection's cache; closing the handle keeps the statements for the next. */
    private record Lent(SQLiteConnection physical, StatementCache cache) implements StatementBuilder {
        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return cache.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return cache.create(physical, sql, ctx);
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return cache.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement statement) throws SQLException {
            cache.close(conn, sql, statement);
        }

        @Override
        public void close(Connection conn) {
            // the physical connection stays open in the pool, and its statements with it
        }
    }
}
