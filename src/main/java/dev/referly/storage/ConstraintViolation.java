package dev.referly.storage;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a unique-constraint violation from either store, and which constraint it was,
 * so services can turn "somebody else got there first" into a 409 or a no-op.
 */
public final class ConstraintViolation {
    private ConstraintViolation() {}

    /** The violated constraint's text (PostgreSQL: its name; SQLite: its columns), if {@code t} is one. */
    public static Optional<String> unique(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                String message = String.valueOf(sql.getMessage());
                if ("23505".equals(sql.getSQLState()) || message.contains("UNIQUE constraint failed")
                        || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                    return Optional.of(message.toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }
}
