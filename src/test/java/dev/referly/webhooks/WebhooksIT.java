package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Outgoing webhooks against a real receiver: the endpoints API, signatures (recomputed here,
 * independently of the server's code), the retry schedule and the disable threshold on the test
 * clock, an outage, replays, and a receiver too slow to answer.
 */
@ParameterizedClass
@EnumSource(Store.class)
class WebhooksIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static final Duration WAIT = Duration.ofSeconds(20);

    @Parameter
    Store store;

    static TestServer server;
    Receiver receiver;
    Http api;

    @BeforeParameterizedClassInvocation
    static void start(Store store) {
        server = TestServer.start(store, c -> c.withWebhookAllowPrivate(true));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void fresh() {
        receiver = new Receiver();
        // a workspace per test: its events and its endpoints are its own
        api = server.api().withKey(server.app().workspaces().create("Webhooks " + SEQ.incrementAndGet()).apiKey());
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    JsonNode webhook(List<String> triggers) {
        return webhook(Map.of("name", "Receiver", "url", receiver.url(), "triggers", triggers));
    }

    JsonNode webhook(Map<String, Object> body) {
        Http.Response r = api.post("/webhooks", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    String link() {
        String key = "wh-" + SEQ.incrementAndGet();
        Http.Response r = api.post("/links", Map.of("url", "https://example.com/" + key, "key", key));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asText();
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** What a Dub receiver does: hex HMAC of the raw body with the secret string. */
    static boolean dubVerifies(String secret, String body, String signature) throws Exception {
        return hex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)).equals(signature);
    }

    /** What a Standard Webhooks receiver does: base64 HMAC of id.timestamp.body, key = base64 after whsec_. */
    static boolean standardVerifies(String secret, Receiver.Received r) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                hmac(key, r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body()));
        return List.of(r.header("webhook-signature").split(" ")).contains(expected);
    }

    /** Polls GET /webhooks/{id} (real time) until the endpoint is as expected. */
    JsonNode awaitWebhook(String hook, java.util.function.Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode w = api.get("/webhooks/" + hook).json();
        while (!expected.test(w) && System.nanoTime() < deadline) {
            Receiver.sleep(50);
            w = api.get("/webhooks/" + hook).json();
        }
        assertThat(expected.test(w)).as("webhook state %s", w).isTrue();
        return w;
    }

    /** Polls the delivery log until its newest delivery has recorded {@code attempts} attempts. */
    JsonNode awaitDelivery(String hook, int attempts) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode d = api.get("/webhooks/" + hook + "/deliveries").json().get(0);
        while (d.get("attempt").asInt() < attempts && System.nanoTime() < deadline) {
            Receiver.sleep(50);
            d = api.get("/webhooks/" + hook + "/deliveries").json().get(0);
        }
        assertThat(d.get("attempt").asInt()).as("delivery %s", d).isEqualTo(attempts);
        return d;
    }

    long clockSeconds() {
        return server.clock().millis() / 1000;
    }

    // ------------------------------------------------------------------ API

    @Test
    void endpointsAreCreatedListedChangedAndDeletedWithTheSecretShownOnce() {
        String scoped = link();
        JsonNode created = webhook(Map.of("name", "Provisioning", "url", receiver.url(),
                "triggers", List.of("lead.created", "sale.created", "lead.created"), "linkIds", List.of(scoped)));
        String id = created.get("id").asText();
        assertThat(id).startsWith("wh_");
        assertThat(created.get("secret").asText()).startsWith("whsec_");
        assertThat(created.get("triggers")).hasSize(2);
        assertThat(created.get("linkIds").get(0).asText()).isEqualTo(scoped);
        assertThat(created.get("disabledAt").isNull()).isTrue();

        JsonNode got = api.get("/webhooks/" + id).json();
        assertThat(got.has("secret")).isFalse();
        assertThat(api.get("/webhooks").json()).hasSize(1);

        JsonNode patched = api.patch("/webhooks/" + id, Map.of("name", "Renamed", "triggers", List.of("link.created"),
                "linkIds", List.of())).json();
        assertThat(patched.get("name").asText()).isEqualTo("Renamed");
        assertThat(patched.get("triggers").toString()).isEqualTo("[\"link.created\"]");
        assertThat(patched.get("url").asText()).isEqualTo(receiver.url());

        assertThat(server.otherApi().get("/webhooks/" + id).status()).isEqualTo(404);
        assertThat(server.otherApi().delete("/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/webhooks/" + id).status()).isEqualTo(200);
        assertThat(api.get("/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.get("/webhooks").json()).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        record Case(Map<String, Object> body, String field) {}
        for (Case c : List.of(
                new Case(Map.of("url", receiver.url(), "triggers", List.of("link.created")), "name"),
                new Case(Map.of("name", "x", "triggers", List.of("link.created")), "url"),
                new Case(Map.of("name", "x", "url", "ftp://example.com", "triggers", List.of("link.created")), "url"),
                new Case(Map.of("name", "x", "url", receiver.url(), "triggers", List.of()), "triggers"),
                new Case(Map.of("name", "x", "url", receiver.url(), "triggers", List.of("link.exploded")), "triggers"),
                new Case(Map.of("name", "x", "url", receiver.url(), "triggers", "link.created"), "triggers"),
                new Case(Map.of("name", "x", "url", receiver.url(), "triggers", List.of("link.created"),
                        "linkIds", List.of("link_nope")), "linkIds"))) {
            Http.Response r = api.post("/webhooks", c.body());
            assertThat(r.status()).as(c + " -> " + r).isEqualTo(422);
            assertThat(r.json().at("/error/message").asText()).as(c.toString()).startsWith(c.field());
        }
        assertThat(api.send("POST", "/webhooks", "{nope", Map.of()).status()).isEqualTo(400);
        assertThat(api.get("/webhooks").json()).isEmpty();
        assertThat(api.get("/webhooks/wh_unknown/deliveries").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void everyDeliveryIsSignedBothWaysAndARotatedSecretKeepsSigningDuringItsGracePeriod() throws Exception {
        JsonNode hook = webhook(List.of("link.created"));
        String secret = hook.get("secret").asText();
        String linkId = link();
        Receiver.Received r = receiver.await(1).get(0);

        JsonNode event = r.json();
        assertThat(event.get("id").asText()).startsWith("evt_").isEqualTo(r.header("webhook-id"));
        assertThat(event.get("event").asText()).isEqualTo("link.created");
        assertThat(Instant.parse(event.get("createdAt").asText())).isEqualTo(server.clock().instant());
        assertThat(event.at("/data/id").asText()).isEqualTo(linkId);
        assertThat(event.at("/data/shortLink").asText()).startsWith("https://refer.ly/wh-");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(Long.parseLong(r.header("webhook-timestamp"))).isEqualTo(clockSeconds());
        assertThat(dubVerifies(secret, r.body(), r.header("dub-signature"))).isTrue();
        assertThat(standardVerifies(secret, r)).isTrue();
        assertThat(dubVerifies(secret, r.body() + " ", r.header("dub-signature"))).isFalse();
        assertThat(dubVerifies(Signatures.newSecret(), r.body(), r.header("dub-signature"))).isFalse();
        assertThat(r.header("dub-signature-previous")).isNull();

        JsonNode rotated = api.post("/webhooks/" + hook.get("id").asText() + "/rotate-secret",
                Map.of("gracePeriodHours", 2)).json();
        String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(rotated.get("previousSecretExpiresAt").asText()).isNotEmpty();
        link();
        Receiver.Received during = receiver.await(2).get(1);
        assertThat(dubVerifies(newSecret, during.body(), during.header("dub-signature"))).isTrue();
        assertThat(dubVerifies(secret, during.body(), during.header("dub-signature-previous"))).isTrue();
        assertThat(standardVerifies(newSecret, during)).isTrue();
        assertThat(standardVerifies(secret, during)).isTrue();

        server.clock().advance(Duration.ofHours(2).plusSeconds(1));
        link();
        Receiver.Received after = receiver.await(3).get(2);
        assertThat(dubVerifies(newSecret, after.body(), after.header("dub-signature"))).isTrue();
        assertThat(after.header("dub-signature-previous")).isNull();
        assertThat(standardVerifies(newSecret, after)).isTrue();
        assertThat(standardVerifies(secret, after)).isFalse();
    }

    // ------------------------------------------------------------------ retries

    @Test
    void failedDeliveriesAreRetriedOnScheduleWithTheSameEventIdAndBody() {
        receiver.status = 500;
        String hook = webhook(List.of("link.created")).get("id").asText();
        link();
        Receiver.Received first = receiver.await(1).get(0);
        awaitDelivery(hook, 1);
        long[] steps = {10, 120, 1800, 21_600, 86_400, 86_400};
        long last = Long.parseLong(first.header("webhook-timestamp"));
        for (int i = 0; i < steps.length; i++) {
            // just before the earliest possible retry: nothing
            server.clock().advance(Duration.ofSeconds(steps[i] - 2));
            Receiver.sleep(700);
            assertThat(receiver.all()).as("no attempt before %s s", steps[i]).hasSize(i + 1);
            // past the latest possible retry (+20% jitter): exactly one more attempt
            server.clock().advance(Duration.ofSeconds(steps[i] / 5 + 4));
            List<Receiver.Received> got = receiver.await(r -> true, i + 2, WAIT, () -> api.get("/webhooks/" + hook)
                    + " " + api.get("/webhooks/" + hook + "/deliveries") + " clock " + server.clock().instant());
            Receiver.Received retry = got.get(i + 1);
            awaitDelivery(hook, i + 2); // recorded: only then may the clock move on
            long at = Long.parseLong(retry.header("webhook-timestamp"));
            assertThat(at - last).as("delay before attempt %d", i + 2).isBetween(steps[i], steps[i] + steps[i] / 5 + 2);
            last = at;
            assertThat(retry.eventId()).isEqualTo(first.eventId());
            assertThat(retry.body()).isEqualTo(first.body());
        }
        JsonNode log = api.get("/webhooks/" + hook + "/deliveries").json();
        assertThat(log).hasSize(1);
        JsonNode d = log.get(0);
        assertThat(d.get("status").asText()).isEqualTo("pending");
        assertThat(d.get("attempt").asInt()).isEqualTo(7);
        assertThat(d.get("responseStatus").asInt()).isEqualTo(500);
        assertThat(d.get("responseBody").asText()).isEqualTo("answered 500");
        assertThat(d.get("latencyMs").asLong()).isNotNegative();
        assertThat(d.get("attempts")).hasSize(7);
        assertThat(d.get("eventId").asText()).isEqualTo(first.eventId());

        receiver.status = 200;
        server.clock().advance(Duration.ofHours(29));
        receiver.await(8);
        JsonNode done = awaitDelivery(hook, 8);
        assertThat(done.get("status").asText()).isEqualTo("delivered");
        assertThat(done.get("attempt").asInt()).isEqualTo(8);
        assertThat(api.get("/webhooks/" + hook).json().get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventOnceItIsBack() {
        receiver.status = 503;
        String hook = webhook(List.of("link.created")).get("id").asText();
        Set<String> links = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            links.add(link());
        }
        receiver.await(1);
        Receiver.sleep(1000);
        // The first round failed (however many it sent at once); from then on the endpoint is
        // retried with one delivery at a time, and the others wait instead of failing too.
        int firstRound = receiver.all().size();
        awaitWebhook(hook, json -> json.get("consecutiveFailures").asInt() == 1);
        server.clock().advance(Duration.ofSeconds(13));
        receiver.await(firstRound + 1);
        awaitWebhook(hook, json -> json.get("consecutiveFailures").asInt() == 2);
        assertThat(receiver.all()).hasSize(firstRound + 1);

        receiver.status = 200;
        server.clock().advance(Duration.ofMinutes(3));
        List<Receiver.Received> ok = receiver.await(r -> r.answered() == 200, 6, WAIT);
        Receiver.sleep(500);
        ok = receiver.matching(r -> r.answered() == 200);
        assertThat(ok).hasSize(6);
        assertThat(ok.stream().map(Receiver.Received::eventId).distinct()).hasSize(6);
        assertThat(ok.stream().map(r -> r.json().at("/data/id").asText()).collect(Collectors.toSet()))
                .isEqualTo(links);
        assertThat(api.get("/webhooks/" + hook + "/deliveries?status=delivered").json()).hasSize(6);
    }

    @Test
    void twentyFailuresInARowDisableTheEndpointAndReEnablingSendsWhatItMissed() {
        receiver.status = 500;
        String hook = webhook(List.of("link.created")).get("id").asText();
        Set<String> events = new HashSet<>();
        link();
        receiver.await(1);
        for (int failures = 1; failures < Dispatcher.FAILURES_TO_DISABLE; failures++) {
            int expected = failures;
            JsonNode w = awaitWebhook(hook, json -> json.get("consecutiveFailures").asInt() == expected);
            assertThat(w.get("disabledAt").isNull()).isTrue();
            assertThat(w.get("consecutiveFailures").asInt()).isEqualTo(failures);
            // a new event every step, so there is always something to retry
            link();
            Instant retryingAt = Instant.parse(w.get("retryingAt").asText());
            server.clock().advance(Duration.between(server.clock().instant(), retryingAt).plusSeconds(1));
            receiver.await(failures + 1);
        }
        JsonNode disabled = awaitWebhook(hook, json -> !json.get("disabledAt").isNull());
        assertThat(receiver.all()).hasSize(Dispatcher.FAILURES_TO_DISABLE);
        assertThat(disabled.get("disabledAt").isNull()).isFalse();
        assertThat(disabled.get("disabledReason").asText()).isEqualTo("consecutive_failures");
        JsonNode audit = api.get("/audit-log?action=webhook.disabled").json();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("targetId").asText()).isEqualTo(hook);

        // disabled: nothing more is sent, new events wait
        link();
        server.clock().advance(Duration.ofDays(2));
        Receiver.sleep(800);
        assertThat(receiver.all()).hasSize(Dispatcher.FAILURES_TO_DISABLE);
        receiver.all().forEach(r -> events.add(r.eventId()));
        int total = api.get("/webhooks/" + hook + "/deliveries?pageSize=100").json().size();

        receiver.status = 200;
        JsonNode enabled = api.patch("/webhooks/" + hook, Map.of("disabled", false)).json();
        assertThat(enabled.get("disabledAt").isNull()).isTrue();
        List<Receiver.Received> ok = receiver.await(r -> r.answered() == 200, total, WAIT);
        Receiver.sleep(500);
        ok = receiver.matching(r -> r.answered() == 200);
        assertThat(ok).hasSize(total);
        Set<String> delivered = ok.stream().map(Receiver.Received::eventId).collect(Collectors.toSet());
        assertThat(delivered).hasSize(total).containsAll(events);
    }

    // ------------------------------------------------------------------ replays, scope, slowness

    @Test
    void deliveriesCanBeReplayedOneByOneOrByTimeRange() {
        String hook = webhook(List.of("link.created", "link.updated", "link.deleted")).get("id").asText();
        String link = link();
        api.patch("/links/" + link, Map.of("title", "Changed"));
        api.delete("/links/" + link);
        List<Receiver.Received> three = receiver.await(3);
        assertThat(three.stream().map(Receiver.Received::event).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("link.created", "link.updated", "link.deleted");
        JsonNode log = api.get("/webhooks/" + hook + "/deliveries").json();
        assertThat(log).hasSize(3);
        JsonNode updated = api.get("/webhooks/" + hook + "/deliveries?event=link.updated").json().get(0);
        assertThat(updated.get("status").asText()).isEqualTo("delivered");

        JsonNode replayed = api.post("/webhooks/" + hook + "/deliveries/" + updated.get("id").asText() + "/replay",
                Map.of()).json();
        assertThat(replayed.get("id").asText()).isEqualTo(updated.get("id").asText());
        Receiver.Received again = receiver.await(4).get(3);
        assertThat(again.eventId()).isEqualTo(updated.get("eventId").asText());
        assertThat(again.body()).isEqualTo(receiver.all().stream()
                .filter(r -> r.eventId().equals(again.eventId())).findFirst().orElseThrow().body());

        Instant now = server.clock().instant();
        Http.Response range = api.post("/webhooks/" + hook + "/deliveries/replay", Map.of(
                "start", now.minusSeconds(60).toString(), "end", now.plusSeconds(1).toString()));
        assertThat(range.json().get("replayed").asInt()).isEqualTo(3);
        receiver.await(7);
        assertThat(api.post("/webhooks/" + hook + "/deliveries/replay", Map.of("start", now.toString(),
                "end", now.minusSeconds(5).toString())).status()).isEqualTo(422);
        assertThat(api.post("/webhooks/" + hook + "/deliveries/whd_nope/replay", Map.of()).status()).isEqualTo(404);
        assertThat(server.otherApi().post("/webhooks/" + hook + "/deliveries/" + updated.get("id").asText()
                + "/replay", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void anEndpointScopedToLinksHearsOnlyAboutThem() {
        String mine = link();
        String other = link();
        webhook(Map.of("name", "Scoped", "url", receiver.url(), "triggers", List.of("link.updated"),
                "linkIds", List.of(mine)));
        api.patch("/links/" + other, Map.of("title", "Not for the scoped endpoint"));
        api.patch("/links/" + mine, Map.of("title", "For it"));
        Receiver.Received r = receiver.await(1).get(0);
        Receiver.sleep(500);
        assertThat(receiver.all()).hasSize(1);
        assertThat(r.json().at("/data/id").asText()).isEqualTo(mine);
    }

    @Test
    void aSlowReceiverNeverSlowsTheApiOrTheRedirect() {
        receiver.delayMillis = 3_000;
        webhook(List.of("link.created", "link.clicked"));
        List<Long> millis = new ArrayList<>();
        String key = null;
        for (int i = 0; i < 8; i++) {
            long started = System.nanoTime();
            String id = link();
            millis.add((System.nanoTime() - started) / 1_000_000);
            key = api.get("/links/" + id).json().get("key").asText();
        }
        server.visitor().send("GET", "/" + key, null, Map.of("User-Agent", "curl/8")); // warm: parser caches
        long started = System.nanoTime();
        Http.Response redirect = server.visitor().send("GET", "/" + key, null, Map.of("User-Agent", "curl/8.1",
                "X-Forwarded-For", "81.2.69.160"));
        long redirectMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(millis).allMatch(m -> m < 1_000, "each POST /links under a second: " + millis);
        assertThat(redirectMillis).isLessThan(1_000);
        receiver.await(r -> r.event().equals("link.created"), 8, Duration.ofSeconds(30));
        receiver.await(r -> r.event().equals("link.clicked"), 1, Duration.ofSeconds(30));
    }
}
