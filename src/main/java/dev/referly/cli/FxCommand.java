package dev.referly.cli;

import dev.referly.App;
import dev.referly.config.ServerConfig;
import dev.referly.conversions.FxRates;
import dev.referly.storage.Database;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "fx", mixinStandardHelpOptions = true, description = "Exchange rates to USD.",
        subcommands = FxCommand.Import.class)
final class FxCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import dated rates from a CSV file (date,currency,usd_per_unit); recorded sales keep their rates.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", description = "The CSV file.")
        Path file;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            ServerConfig config = ServeCommand.storageConfig(storage);
            try (Database database = App.openDatabase(config); Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int count = new FxRates(database.jdbi()).importRates(csv);
                System.out.println("Imported " + count + " rates from " + file);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("referly fx import: " + file + ": " + e.getMessage() + " (nothing was imported)");
                return 1;
            }
        }
    }
}
