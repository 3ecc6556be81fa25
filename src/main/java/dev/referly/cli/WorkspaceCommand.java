package dev.referly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.App;
import dev.referly.config.ServerConfig;
import dev.referly.storage.Database;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.workspaces.WorkspaceService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "workspace", mixinStandardHelpOptions = true, description = "Manage workspaces.",
        subcommands = WorkspaceCommand.Create.class)
final class WorkspaceCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a workspace and print its id and first API key as JSON.")
    static final class Create implements Runnable {
        @Option(names = "--name", required = true, description = "Workspace name.")
        String name;

        @Mixin
        StorageOptions storage;

        @Override
        public void run() {
            ServerConfig config = ServeCommand.storageConfig(storage);
            try (Database database = App.openDatabase(config)) {
                CreatedWorkspace created = new WorkspaceService(database.jdbi(), Clock.systemUTC()).create(name);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("workspaceId", created.workspace().id());
                out.put("name", created.workspace().name());
                out.put("apiKey", created.apiKey());
                System.out.println(new ObjectMapper().writeValueAsString(out));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
