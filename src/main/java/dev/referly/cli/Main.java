package dev.referly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code referly} command line. */
@Command(name = "referly", mixinStandardHelpOptions = true, version = "referly 0.1.0",
        description = "Self-hosted partner and referral engine, Dub API compatible.",
        subcommands = {ServeCommand.class, WorkspaceCommand.class, AccountCommand.class, MigrateCommand.class,
            FxCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        configureLogging();
        System.exit(commandLine().execute(args));
    }

    /** Terse one-line logs unless the operator points java.util.logging at a file of their own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (java.io.InputStream in = Main.class.getResourceAsStream("/referly-logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
        } catch (java.io.IOException e) {
            System.err.println("referly: default logging configuration not loaded: " + e.getMessage());
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new ConfigDefaults(System.getenv()));
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
