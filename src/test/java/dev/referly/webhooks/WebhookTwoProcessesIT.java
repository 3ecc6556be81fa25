package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two server processes sharing PostgreSQL, each with its own dispatcher: every event is
 * delivered once, whichever process wrote it. And a process started without
 * --webhook-allow-private refuses targets on the local network.
 */
class WebhookTwoProcessesIT {

    @Test
    void twoProcessesDeliverEachEventOnce() {
        try (TestServer a = TestServer.start(Store.POSTGRES, c -> c.withWebhookAllowPrivate(true));
             TestServer b = a.sibling(c -> c.withWebhookAllowPrivate(true));
             Receiver receiver = new Receiver()) {
            Http.Response hook = a.api().post("/webhooks", Map.of("name", "Shared", "url", receiver.url(),
                    "triggers", List.of("link.created")));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            Http viaB = a.api().at("http://localhost:" + b.port());
            Set<String> links = new HashSet<>();
            List<Thread> writers = new java.util.ArrayList<>();
            for (Http api : List.of(a.api(), viaB)) {
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        Http.Response r = api.post("/links", Map.of("url", "https://example.com/two/" + i));
                        assertThat(r.status()).isEqualTo(200);
                        synchronized (links) {
                            links.add(r.json().get("id").asText());
                        }
                    }
                }));
            }
            for (Thread t : writers) {
                t.join(Duration.ofSeconds(60));
            }
            receiver.await(r -> true, 50, Duration.ofSeconds(30));
            Receiver.sleep(1_500); // time for a duplicate to show up, if there were one
            List<Receiver.Received> all = receiver.all();
            assertThat(all).hasSize(50);
            assertThat(all.stream().map(Receiver.Received::eventId).distinct()).hasSize(50);
            assertThat(all.stream().map(r -> r.json().at("/data/id").asText()).collect(Collectors.toSet()))
                    .isEqualTo(links);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void privateTargetsAreRefusedUnlessTheOperatorAllowsThem() {
        try (TestServer allowing = TestServer.start(Store.POSTGRES, c -> c.withWebhookAllowPrivate(true));
             TestServer strict = allowing.sibling(c -> c)) {
            Http api = allowing.api().at("http://localhost:" + strict.port());
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.8/hook",
                    "http://169.254.169.254/latest/meta-data", "http://[::1]/hook")) {
                Http.Response r = api.post("/webhooks", Map.of("name", "Inside", "url", url,
                        "triggers", List.of("link.created")));
                assertThat(r.status()).as(url + " -> " + r).isEqualTo(422);
                assertThat(r.json().at("/error/message").asText()).startsWith("url");
            }
            assertThat(allowing.api().post("/webhooks", Map.of("name", "Inside", "url", "http://127.0.0.1:8080/hook",
                    "triggers", List.of("link.created"))).status()).isEqualTo(200);
        }
    }
}
