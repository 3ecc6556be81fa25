package dev.referly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.App;
import dev.referly.config.ServerConfig;
import dev.referly.dashboard.Account;
import dev.referly.dashboard.Accounts;
import dev.referly.dashboard.Role;
import dev.referly.shared.ApiException;
import dev.referly.storage.Database;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.workspaces.Workspace;
import dev.referly.workspaces.WorkspaceService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "account", mixinStandardHelpOptions = true, description = "Manage dashboard accounts.",
        subcommands = AccountCommand.Create.class)
final class AccountCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a dashboard account and print it as JSON. The workspace is found by id or name;"
                    + " a name that matches none creates that workspace (its API key is printed once).")
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--email", required = true, description = "The account's email (its sign-in name).")
        String email;

        @Option(names = "--password", required = true, interactive = true, arity = "0..1",
                description = "At least 10 characters. Give the option without a value to be prompted.")
        String password;

        @Option(names = "--workspace", required = true, description = "Workspace id or name.")
        String workspace;

        @Option(names = "--role", defaultValue = "owner", description = "owner or member (default: ${DEFAULT-VALUE}).")
        String role;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() throws Exception {
            ServerConfig config = ServeCommand.storageConfig(storage);
            try (Database database = App.openDatabase(config)) {
                Clock clock = Clock.systemUTC();
                WorkspaceService workspaces = new WorkspaceService(database.jdbi(), clock);
                Map<String, Object> out = new LinkedHashMap<>();
                Optional<Workspace> found = workspaces.list().stream()
                        .filter(w -> w.id().equals(workspace) || w.name().equals(workspace)).findFirst();
                String workspaceId;
                if (found.isPresent()) {
                    workspaceId = found.get().id();
                } else {
                    CreatedWorkspace created = workspaces.create(workspace);
                    workspaceId = created.workspace().id();
                    out.put("apiKey", created.apiKey());
                }
                Account account;
                try {
                    account = new Accounts(database.jdbi(), clock).create(workspaceId, email, password,
                            Role.valueOf(role.toUpperCase(java.util.Locale.ROOT)));
                } catch (ApiException | IllegalArgumentException e) {
                    System.err.println("referly: " + e.getMessage());
                    return 2;
                }
                out.put("accountId", account.id());
                out.put("email", account.email());
                out.put("role", account.role().apiName());
                out.put("workspaceId", workspaceId);
                System.out.println(new ObjectMapper().writeValueAsString(out));
                return 0;
            }
        }
    }
}
