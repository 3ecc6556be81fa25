package dev.referly.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives, shared by every command that opens the database. */
final class StorageOptions {
    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory of the embedded SQLite database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", description = "PostgreSQL URL (postgresql://user:pass@host:5432/db); overrides --data-dir. Env: DATABASE_URL.")
    String databaseUrl;
}
