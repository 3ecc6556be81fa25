package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.ProgramFixture;
import dev.referly.rewards.RewardEvent;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One of each event, from the real features, checked two ways: here for the values a receiver
 * relies on (a lead's partner with its tenantId and its totals after the event), and by
 * {@code src/test/node/dub-webhooks.mjs}, which parses every body with the official dub SDK's
 * webhook event schemas and verifies both signatures with node:crypto, as the README shows.
 */
@ParameterizedClass
@EnumSource(Store.class)
class WebhookPayloadsIT {
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    Store store;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(Store store) {
        server = TestServer.start(store, c -> c.withWebhookAllowPrivate(true));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static JsonNode only(Receiver receiver, String event) {
        List<Receiver.Received> found = receiver.await(r -> r.event().equals(event), 1, WAIT);
        return found.get(found.size() - 1).json().get("data");
    }

    @Test
    void everyEventCarriesDubsDataAndTheDubSdkAcceptsIt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            ProgramFixture f = ProgramFixture.create(server);
            f.reward(f.defaultGroupId, ProgramFixture.flat(RewardEvent.LEAD, 500));
            f.reward(f.defaultGroupId, ProgramFixture.percent(1000, null));
            String otherGroup = f.group(0);
            Http.Response hook = f.api.post("/webhooks", Map.of("name", "Everything", "url", receiver.url(),
                    "triggers", EventTypes.ALL));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            String secret = hook.json().get("secret").asText();

            Http.Response enrolled = f.api.post("/partners", Map.of("name", "Grace", "email", "grace@partner.dev",
                    "tenantId", "tenant-grace", "country", "US", "linkProps", Map.of("url", "https://example.com/grace")));
            assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(201);
            String partner = enrolled.json().get("id").asText();
            String link = enrolled.json().at("/links/0/id").asText();
            String click = f.click(link, null);
            f.lead(click, "cust-grace-1", "buyer@shop.dev", "Sign up");
            f.sale("cust-grace-1", 20_000, "in_grace_1", Map.of("plan", "pro"));
            String custom = f.api.post("/commissions", Map.of("partnerId", partner, "amount", 300)).json()
                    .get("id").asText();
            assertThat(f.api.patch("/commissions/" + custom, Map.of("status", "canceled")).status()).isEqualTo(200);
            assertThat(f.api.patch("/partners/" + partner, Map.of("groupId", otherGroup)).status()).isEqualTo(200);
            JsonNode payouts = f.api.post("/payouts/run", Map.of()).json();
            assertThat(payouts).hasSize(1);
            assertThat(f.api.patch("/payouts/" + payouts.get(0).get("id").asText(), Map.of("status", "completed"))
                    .status()).isEqualTo(200);

            JsonNode lead = only(receiver, "lead.created");
            assertThat(lead.get("eventName").asText()).isEqualTo("Sign up");
            assertThat(lead.at("/customer/externalId").asText()).isEqualTo("cust-grace-1");
            assertThat(lead.at("/click/id").asText()).isEqualTo(click);
            assertThat(lead.at("/link/id").asText()).isEqualTo(link);
            assertThat(lead.at("/partner/id").asText()).isEqualTo(partner);
            assertThat(lead.at("/partner/tenantId").asText()).isEqualTo("tenant-grace");
            assertThat(lead.at("/partner/groupId").asText()).isEqualTo(f.defaultGroupId);
            assertThat(lead.at("/partner/totalClicks").asLong()).isEqualTo(1);
            assertThat(lead.at("/partner/totalLeads").asLong()).isEqualTo(1);
            // the commissions listener ran first: the lead's own commission is in the total
            assertThat(lead.at("/partner/totalCommissions").asLong()).isEqualTo(500);

            JsonNode sale = only(receiver, "sale.created");
            assertThat(sale.at("/sale/amount").asLong()).isEqualTo(20_000);
            assertThat(sale.at("/sale/currency").asText()).isEqualTo("usd");
            assertThat(sale.at("/sale/paymentProcessor").asText()).isEqualTo("custom");
            assertThat(sale.at("/sale/invoiceId").asText()).isEqualTo("in_grace_1");
            assertThat(sale.at("/metadata/plan").asText()).isEqualTo("pro");
            assertThat(sale.at("/partner/totalSales").asLong()).isEqualTo(1);
            assertThat(sale.at("/partner/totalSaleAmount").asLong()).isEqualTo(20_000);
            assertThat(sale.at("/partner/totalCommissions").asLong()).isEqualTo(2_500);

            JsonNode enrolledEvent = only(receiver, "partner.enrolled");
            assertThat(enrolledEvent.get("id").asText()).isEqualTo(partner);
            assertThat(enrolledEvent.get("tenantId").asText()).isEqualTo("tenant-grace");
            assertThat(enrolledEvent.at("/links/0/id").asText()).isEqualTo(link);
            assertThat(only(receiver, "link.created").get("id").asText()).isEqualTo(link);
            JsonNode clicked = only(receiver, "link.clicked");
            assertThat(clicked.at("/click/id").asText()).isEqualTo(click);
            assertThat(clicked.at("/link/id").asText()).isEqualTo(link);
            List<Receiver.Received> commissions = receiver.await(r -> r.event().equals("commission.created"), 3, WAIT);
            assertThat(commissions.stream().map(r -> r.json().at("/data/type").asText()))
                    .containsExactlyInAnyOrder("lead", "sale", "custom");
            JsonNode updated = only(receiver, "commission.updated");
            assertThat(updated.get("id").asText()).isEqualTo(custom);
            assertThat(updated.get("status").asText()).isEqualTo("canceled");
            JsonNode moved = only(receiver, "partner.group_moved");
            assertThat(moved.get("previousGroupId").asText()).isEqualTo(f.defaultGroupId);
            assertThat(moved.get("groupId").asText()).isEqualTo(otherGroup);
            assertThat(moved.at("/partner/groupId").asText()).isEqualTo(otherGroup);
            assertThat(moved.get("reason").asText()).isEqualTo("manual");
            JsonNode payout = only(receiver, "payout.confirmed");
            assertThat(payout.get("status").asText()).isEqualTo("completed");
            assertThat(payout.get("amount").asLong()).isEqualTo(2_500);

            Path dir = Files.createTempDirectory("webhook-deliveries");
            int n = 0;
            for (Receiver.Received r : receiver.all()) {
                Map<String, Object> capture = new LinkedHashMap<>();
                capture.put("secret", secret);
                capture.put("headers", r.headers());
                capture.put("body", r.body());
                Files.writeString(dir.resolve(String.format("%03d-%s.json", n++, r.event())),
                        Http.JSON.writeValueAsString(capture));
            }
            synchronized (WebhookPayloadsIT.class) {
                if (!Files.isDirectory(NODE_DIR.resolve("node_modules/dub"))) {
                    assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300).exit()).isZero();
                }
            }
            Result result = run(List.of("node", "dub-webhooks.mjs", dir.toString()), 120);
            System.out.println(result.output());
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).contains("dub-webhooks: " + 3 * n + " passed, 0 failed");
        }
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
