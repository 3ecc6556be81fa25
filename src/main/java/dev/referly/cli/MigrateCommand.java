package dev.referly.cli;

import dev.referly.App;
import dev.referly.config.ServerConfig;
import dev.referly.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply database migrations and exit.")
final class MigrateCommand implements Runnable {
    @Mixin
    StorageOptions storage;

    @Override
    public void run() {
        ServerConfig config = ServeCommand.storageConfig(storage);
        try (Database database = App.openDatabase(config)) {
            System.out.println("Migrated " + database.url().describe());
        }
    }
}
