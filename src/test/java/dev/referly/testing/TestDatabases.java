package dev.referly.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database per call. PostgreSQL is the machine's server at 127.0.0.1:5432
 * (user postgres, trust auth; override with REFERLY_TEST_PG); when it cannot be reached
 * the test fails: a suite that silently skipped PostgreSQL would prove nothing about it.
 */
public final class TestDatabases {
    private static final String PG = System.getenv().getOrDefault("REFERLY_TEST_PG", "127.0.0.1:5432");

    private TestDatabases() {}

    /** Drops a PostgreSQL database made by {@link #fresh}; SQLite files live in temp dirs. */
    public static void dispose(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            return;
        }
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG + "/test", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database is harmless; the next run uses new names
        }
    }

    /** A database URL as the server's --database-url takes it. */
    public static String fresh(Store store) {
        return switch (store) {
            case SQLITE -> {
                try {
                    Path dir = Files.createTempDirectory("referly-test-");
                    yield "jdbc:sqlite:" + dir.resolve("referly.db");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case POSTGRES -> {
                String name = "referly_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                        .toLowerCase(Locale.ROOT);
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG + "/test", "postgres", "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    throw new IllegalStateException("PostgreSQL is required by the test suite and could not be reached at "
                            + PG + " (user postgres): " + e.getMessage(), e);
                }
                yield "jdbc:postgresql://" + PG + "/" + name + "?user=postgres";
            }
        };
    }
}
