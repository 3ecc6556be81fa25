package dev.referly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code referly} command line. */
@Command(name = "referly", mixinStandardHelpOptions = true, version = "referly 0.1.0",
        description = "Self-hosted partner and referral engine, Dub API compatible.",
        subcommands = {ServeCommand.class, WorkspaceCommand.class, MigrateCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
