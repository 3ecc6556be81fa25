package dev.referly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServeProcess;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import dev.referly.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The command line: help, migrate, and a workspace created by the CLI that the server accepts. */
class CliIT {

    private record Run(int exitCode, String out) {}

    private static Run run(Map<String, String> env, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            picocli.CommandLine cli = new picocli.CommandLine(new Main());
            cli.setDefaultValueProvider(new ConfigDefaults(env));
            cli.setOut(new java.io.PrintWriter(capture, true));
            int code = cli.execute(args);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"workspace", "create", "--help"}, {"account", "create", "--help"},
                {"migrate", "--help"}, {"fx", "import", "--help"}}) {
            Run r = run(Map.of(), args);
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage: referly");
        }
        assertThat(run(Map.of(), "serve", "--help").out()).contains("--database-url", "--short-domain", "--geoip-db",
                "--trusted-proxies", "--click-durability", "--port", "--data-dir");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void workspaceCreatePrintsJsonWithAKeyTheServerAccepts(Store store) throws Exception {
        String url = TestDatabases.fresh(store);
        try {
            assertThat(run(Map.of(), "migrate", "--database-url", url).exitCode()).isZero();
            Run created = run(Map.of(), "workspace", "create", "--name", "Acme", "--database-url", url);
            assertThat(created.exitCode()).isZero();
            JsonNode json = Http.JSON.readTree(created.out().strip());
            assertThat(json.get("workspaceId").asText()).startsWith("ws_");
            assertThat(json.get("apiKey").asText()).startsWith("rly_");
            try (TestServer server = TestServer.startOn(url)) {
                Http acme = server.api().withKey(json.get("apiKey").asText());
                JsonNode link = acme.post("/links", Map.of("url", "https://acme.example.com")).json();
                assertThat(link.get("workspaceId").asText()).isEqualTo(json.get("workspaceId").asText());
            }
        } finally {
            TestDatabases.dispose(url);
        }
    }

    @Test
    void fxImportLoadsRatesAndRefusesMalformedFiles() throws Exception {
        Path dir = Files.createTempDirectory("referly-fx-");
        Path good = dir.resolve("rates.csv");
        Files.writeString(good, "date,currency,usd_per_unit\n2026-06-01,eur,1.10\n2026-06-01,gbp,1.30\n");
        Run imported = run(Map.of(), "fx", "import", good.toString(), "--data-dir", dir.resolve("db").toString());
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).contains("Imported 2 rates");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "2026-06-01,eur\n");
        assertThat(run(Map.of(), "fx", "import", bad.toString(), "--data-dir", dir.resolve("db").toString()).exitCode())
                .isNotZero();
    }

    @Test
    void environmentAndConfigFileFillOptionsTheCommandLineLeavesOut() throws Exception {
        Path dir = Files.createTempDirectory("referly-cli-");
        Path file = dir.resolve("referly.properties");
        Files.writeString(file, "data-dir=" + dir.resolve("from-file") + "\n");
        Run fromFile = run(Map.of("REFERLY_CONFIG", file.toString()), "migrate");
        assertThat(fromFile.out()).contains(dir.resolve("from-file").toString());
        Run fromEnv = run(Map.of("REFERLY_CONFIG", file.toString(), "REFERLY_DATA_DIR", dir.resolve("from-env").toString()),
                "migrate");
        assertThat(fromEnv.out()).contains(dir.resolve("from-env").toString());
        Run fromFlag = run(Map.of("REFERLY_DATA_DIR", dir.resolve("from-env").toString()), "migrate", "--data-dir",
                dir.resolve("from-flag").toString());
        assertThat(fromFlag.out()).contains(dir.resolve("from-flag").toString());
    }

    @Test
    void serveFlagsSetTheHttpLimits() throws Exception {
        assertThat(run(Map.of(), "serve", "--help").out()).contains("--max-body-bytes", "--max-header-bytes",
                "--max-json-depth", "--header-timeout-seconds");
        String url = TestDatabases.fresh(Store.SQLITE);
        try (ServeProcess serve = ServeProcess.start(url, true, "--max-body-bytes", "2000", "--max-json-depth", "3")) {
            Http api = serve.api();
            assertThat(api.post("/links", "{\"url\":\"https://a.example\",\"title\":\"" + "t".repeat(3000) + "\"}")
                    .status()).isEqualTo(413);
            assertThat(api.post("/links", "{\"url\":\"https://a.example\",\"metadata\":{\"a\":{\"b\":[1]}}}")
                    .status()).isEqualTo(400);
            assertThat(api.post("/links", "{\"url\":\"https://a.example\",\"metadata\":{\"a\":1}}").status())
                    .isEqualTo(200);
        } finally {
            TestDatabases.dispose(url);
        }
    }
}
