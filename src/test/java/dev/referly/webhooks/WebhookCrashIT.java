package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServeProcess;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A `referly serve` process commits events while their receiver is down and is then killed with
 * SIGKILL. A second process on the same database delivers every one of them once the receiver is
 * up: nothing committed is lost between the commit and the delivery.
 */
class WebhookCrashIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void eventsCommittedBeforeAKillAreDeliveredByTheNextProcess(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        int receiverPort;
        try (ServerSocket free = new ServerSocket(0)) {
            receiverPort = free.getLocalPort(); // nothing listens there until the first process is dead
        }
        ServeProcess first = ServeProcess.start(databaseUrl, true, "--webhook-allow-private");
        ServeProcess second = null;
        try {
            Http api = first.api();
            Http.Response hook = api.post("/webhooks", Map.of("name", "Down", "triggers", List.of("link.created"),
                    "url", "http://127.0.0.1:" + receiverPort + "/hook"));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            Set<String> links = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                Http.Response r = api.post("/links", Map.of("url", "https://example.com/crash/" + i));
                assertThat(r.status()).isEqualTo(200);
                links.add(r.json().get("id").asText());
            }
            first.kill(); // SIGKILL: no shutdown hook, no goodbye

            try (Receiver receiver = new Receiver(receiverPort)) {
                second = ServeProcess.start(databaseUrl, false, "--webhook-allow-private");
                receiver.await(r -> r.answered() == 200, links.size(), Duration.ofSeconds(90));
                Receiver.sleep(1_000);
                List<Receiver.Received> ok = receiver.matching(r -> r.answered() == 200);
                assertThat(ok.stream().map(r -> r.json().at("/data/id").asText()).collect(Collectors.toSet()))
                        .isEqualTo(links);
                assertThat(ok.stream().map(Receiver.Received::eventId).distinct()).hasSize(links.size());
                assertThat(ok).hasSize(links.size());
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            TestDatabases.dispose(databaseUrl);
        }
    }
}
