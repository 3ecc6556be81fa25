package dev.referly.storage;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps a long-lived handle's prepared statements open between uses, keyed by their SQL text:
 * preparing was a fifth of a conversion's CPU on SQLite. A statement is lent out while JDBI
 * uses it and comes back, cleared of parameters and batches, when JDBI closes it; only idle
 * statements are cached, so one SQL text used twice at once simply gets a second statement.
 * The least recently used idle ones are closed past {@code capacity}, so SQL generated with
 * varying IN-lists cannot grow the cache without bound.
 *
 * <p>Not thread-safe: it belongs to one handle, used by one thread.
 */
final class StatementCache implements StatementBuilder {
    private final StatementBuilder uncached = new DefaultStatementBuilder();
    private final Map<PreparedStatement, String> lent = new IdentityHashMap<>();
    private final LinkedHashMap<String, PreparedStatement> idle;
    private long prepared;

    StatementCache(int capacity) {
        this.idle = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return uncached.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return uncached.create(conn, sql, ctx);
        }
        PreparedStatement statement = idle.remove(sql);
        if (statement == null || statement.isClosed()) {
            statement = conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            prepared++;
        }
        lent.put(statement, sql);
        return statement;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return uncached.createCall(conn, sql, ctx);
    }

    /** {@code sql} is JDBI's SQL before templating, not what was prepared: the lent map knows that. */
    @Override
    public void close(Connection conn, String sql, Statement statement) throws SQLException {
        if (statement == null) {
            return;
        }
        String key = statement instanceof PreparedStatement p ? lent.remove(p) : null;
        if (key == null) {
            statement.close();
            return;
        }
        PreparedStatement p = (PreparedStatement) statement;
        try {
            if (p.isClosed()) {
                return; // the driver gave it up after an error
            }
            p.clearParameters();
            p.clearBatch();
        } catch (SQLException e) {
            closeQuietly(p);
            return;
        }
        PreparedStatement displaced = idle.put(key, p);
        if (displaced != null && displaced != p) {
            closeQuietly(displaced);
        }
    }

    /** Closes every statement, lent ones included: the handle and its connection are going away. */
    @Override
    public void close(Connection conn) {
        idle.values().forEach(StatementCache::closeQuietly);
        idle.clear();
        lent.keySet().forEach(StatementCache::closeQuietly);
        lent.clear();
    }

    /** How many statements were prepared so far: reuse keeps this flat. */
    long prepared() {
        return prepared;
    }

    int idleCount() {
        return idle.size();
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // a statement that cannot close is being discarded anyway
        }
    }
}
