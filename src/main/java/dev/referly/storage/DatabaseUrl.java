package dev.referly.storage;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the data lives: a SQLite file in a data directory, or a PostgreSQL server given as
 * {@code postgresql://user:pass@host:port/db} (the form DATABASE_URL usually takes) or a JDBC URL.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password) {

    public static DatabaseUrl sqlite(Path dataDir) {
        Path file = dataDir.resolve("referly.db").toAbsolutePath();
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null);
    }

    public static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Dialect.SQLITE, url, null, null);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRES, url, null, null);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : null;
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new DatabaseUrl(Dialect.POSTGRES,
                    "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
        }
        throw new IllegalArgumentException("Unsupported database URL (use postgresql://... or jdbc:sqlite:...): " + url);
    }

    /** The URL with the password left out, for logs. */
    public String describe() {
        return jdbcUrl + (user == null ? "" : " as " + user);
    }
}
