package dev.referly.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The connection pool, the JDBI handle over it, and the migrations. */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final SqliteCheckpointer checkpointer;
    private final WriteGate writeGate;
    private final GroupCommitWriter writer;

    private Database(DatabaseUrl url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.writeGate = WriteGate.forDialect(url.dialect());
        jdbi.setTransactionHandler(new GatedTransactionHandler(jdbi.getTransactionHandler(), writeGate));
        if (url.dialect() == Dialect.SQLITE) {
            jdbi.setStatementBuilderFactory(new PooledStatementCaches());
        }
        this.checkpointer = url.dialect() == Dialect.SQLITE
                ? new SqliteCheckpointer(dataSource, writeGate, sqliteFile(url.jdbcUrl()))
                : null;
        this.writer = new GroupCommitWriter(jdbi, url.dialect(), writeGate, dataSource::evictConnection);
    }

    public static Database open(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("referly");
        if (url.dialect() == Dialect.SQLITE) {
            ensureParentDirectory(url.jdbcUrl());
            config.setDataSource(sqliteDataSource(url.jdbcUrl()));
            // WAL lets readers run beside the one writer; writers queue on the WriteGate while
            // holding a connection, so the pool leaves room for readers beside them.
            config.setMaximumPoolSize(16);
            // Checkpoints run on SqliteCheckpointer's thread, never inside a commit.
            config.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
            // Pooled connections keep prepared statements (PooledStatementCaches); retiring them
            // every 30 minutes, as a server pool does, would only throw those away.
            config.setMaxLifetime(0);
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            if (url.user() != null) {
                config.setUsername(url.user());
            }
            if (url.password() != null) {
                config.setPassword(url.password());
            }
            // Multi-row INSERTs for JDBC batches: measured +64% on the click writer's batches.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.setMaximumPoolSize(16);
        }
        config.setConnectionTimeout(10_000);
        return new Database(url, new HikariDataSource(config));
    }

    private static DataSource sqliteDataSource(String jdbcUrl) {
        // Pragmas are per connection, so they belong to the data source every pooled connection comes from.
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode: a commit survives a process crash (kill -9); only power loss can undo the last ones.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-64_000);
        // When the log starts over, SQLite truncates the file to this size rather than keep its high-water mark.
        sqlite.setJournalSizeLimit(64 * 1024 * 1024);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Nothing reads generated keys; asking for them costs a last_insert_rowid() query per insert.
        sqlite.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /** The database file of a SQLite URL, or null for in-memory and URI forms. */
    static Path sqliteFile(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return null;
        }
        return Path.of(path).toAbsolutePath();
    }

    private static void ensureParentDirectory(String jdbcUrl) {
        Path file = sqliteFile(jdbcUrl);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create data directory " + file.getParent(), e);
        }
    }

    /**
     * Brings the schema up to date. {@code defaultDomain} is the installation's shared short
     * domain: the migration that gives existing domains to workspaces leaves it to everyone.
     */
    public void migrate(String defaultDomain) {
        Map<String, String> placeholders = new HashMap<>(url.dialect().migrationPlaceholders());
        placeholders.put("default_domain", defaultDomain == null ? "" : defaultDomain.replace("'", "''"));
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders)
                .load()
                .migrate();
    }

    /** Held around every write transaction; JDBI transactions pass it on their own. */
    public WriteGate writeGate() {
        return writeGate;
    }

    /** Where request write transactions go: group-committed on SQLite, plain transactions on PostgreSQL. */
    public GroupCommitWriter writer() {
        return writer;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A plain JDBC connection, for hot paths where JDBI's mapping costs show (the click writer). */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        writer.close();
        if (checkpointer != null) {
            checkpointer.close();
        }
        dataSource.close();
    }
}
