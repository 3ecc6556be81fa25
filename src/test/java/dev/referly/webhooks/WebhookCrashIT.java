package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A `referly serve` process commits events while their receiver is down and is then killed with
 * SIGKILL. A second process on the same database delivers every one of them once the receiver is
 * up: nothing committed is lost between the commit and the delivery.
 */
class WebhookCrashIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern API_KEY = Pattern.compile("^\\s+(rly_[A-Za-z0-9]+)$");

    @ParameterizedTest
    @EnumSource(Store.class)
    void eventsCommittedBeforeAKillAreDeliveredByTheNextProcess(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        int receiverPort;
        try (ServerSocket free = new ServerSocket(0)) {
            receiverPort = free.getLocalPort(); // nothing listens there until the first process is dead
        }
        Process first = serve(databaseUrl);
        Process second = null;
        try {
            String[] portAndKey = awaitStartup(first, true);
            Http api = new Http("http://localhost:" + portAndKey[0], portAndKey[1]);
            Http.Response hook = api.post("/webhooks", Map.of("name", "Down", "triggers", List.of("link.created"),
                    "url", "http://127.0.0.1:" + receiverPort + "/hook"));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            Set<String> links = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                Http.Response r = api.post("/links", Map.of("url", "https://example.com/crash/" + i));
                assertThat(r.status()).isEqualTo(200);
                links.add(r.json().get("id").asText());
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            first.waitFor(10, TimeUnit.SECONDS);

            try (Receiver receiver = new Receiver(receiverPort)) {
                second = serve(databaseUrl);
                awaitStartup(second, false);
                receiver.await(r -> r.answered() == 200, links.size(), Duration.ofSeconds(90));
                Receiver.sleep(1_000);
                List<Receiver.Received> ok = receiver.matching(r -> r.answered() == 200);
                assertThat(ok.stream().map(r -> r.json().at("/data/id").asText()).collect(Collectors.toSet()))
                        .isEqualTo(links);
                assertThat(ok.stream().map(Receiver.Received::eventId).distinct()).hasSize(links.size());
                assertThat(ok).hasSize(links.size());
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
            TestDatabases.dispose(databaseUrl);
        }
    }

    private static Process serve(String databaseUrl) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.referly.cli.Main", "serve", "--port", "0", "--database-url", databaseUrl,
                "--webhook-allow-private")
                .redirectErrorStream(true)
                .start();
    }

    private static String[] awaitStartup(Process server, boolean expectKey) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String port = null;
        String key = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((port == null || (expectKey && key == null)) && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("server exited before it was ready");
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = m.group(1);
            }
            Matcher k = API_KEY.matcher(line);
            if (k.find()) {
                key = k.group(1);
            }
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        assertThat(port).as("server printed its port").isNotNull();
        return new String[] {port, key};
    }
}
