package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.Http;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import dev.referly.workspaces.CreatedWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh workspace connected to Stripe, for one test, and Stripe events built from the
 * project's own Stripe objects (src/test/resources/stripe), signed the way Stripe signs them.
 */
final class StripeFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    final TestServer server;
    final Http api;
    final String workspaceId;
    String secret;

    private StripeFixture(TestServer server, CreatedWorkspace ws) {
        this.server = server;
        this.api = server.api().withKey(ws.apiKey());
        this.workspaceId = ws.workspace().id();
    }

    /** A new workspace with a live Stripe connection. */
    static StripeFixture connected(TestServer server) {
        return connected(server, Map.of());
    }

    static StripeFixture connected(TestServer server, Map<String, Object> settings) {
        StripeFixture f = new StripeFixture(server, server.app().workspaces().create("Stripe " + SEQ.incrementAndGet()));
        f.secret = newSecret();
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.put("webhookSecret", f.secret);
        Http.Response r = f.api.put("/integrations/stripe", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return f;
    }

    static String newSecret() {
        return "whsec_test" + SEQ.incrementAndGet() + "x" + System.nanoTime();
    }

    static int next() {
        return SEQ.incrementAndGet();
    }

    Jdbi jdbi() {
        return server.app().database().jdbi();
    }

    static ObjectNode fixture(String name) {
        try (InputStream in = StripeFixture.class.getResourceAsStream("/stripe/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No Stripe fixture " + name + " in src/test/resources/stripe");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A live-mode event of {@code type} around {@code object}, built on the fixture envelope. */
    ObjectNode event(String type, JsonNode object) {
        ObjectNode event = fixture("event");
        event.put("id", "evt_" + next() + "T" + System.nanoTime());
        event.put("type", type);
        event.put("livemode", true);
        event.put("api_version", "2025-03-31.basil");
        event.put("created", server.clock().millis() / 1000);
        ((ObjectNode) event.get("data")).set("object", object);
        return event;
    }

    /** {@code t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">}, as Stripe sends it. */
    static String signature(String payload, String secret, long unixSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String payload(JsonNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Http.Response post(String path, String payload, String signatureHeader) {
        Map<String, String> headers = signatureHeader == null ? Map.of() : Map.of("Stripe-Signature", signatureHeader);
        return server.api().withKey(null).send("POST", path, payload, headers);
    }

    /** Delivers the event to this workspace's endpoint, signed now with the current secret. */
    Http.Response deliver(JsonNode event) {
        String payload = payload(event);
        return post(webhookPath(), payload, signature(payload, secret, server.clock().millis() / 1000));
    }

    /** Delivers and expects a 200 in {@code state}; returns the answer. */
    JsonNode deliver(JsonNode event, String state) {
        Http.Response r = deliver(event);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).as(r.toString()).isEqualTo(state);
        return r.json();
    }

    String webhookPath() {
        return "/integrations/stripe/webhook/" + workspaceId;
    }

    // ---------------------------------------------------------------- Stripe objects

    static ObjectNode customer(String id, Map<String, String> metadata) {
        ObjectNode c = fixture("customer");
        c.put("id", id);
        c.put("livemode", true);
        c.put("email", id + "@customer.example");
        c.put("name", "Customer " + id);
        ObjectNode md = c.putObject("metadata");
        metadata.forEach(md::put);
        return c;
    }

    /** A paid payment-mode Checkout Session for {@code amountTotal} USD cents, no tax. */
    static ObjectNode checkout(String stripeCustomer, long amountTotal) {
        ObjectNode s = fixture("checkout.session");
        s.put("id", "cs_live_" + next());
        s.put("livemode", true);
        s.put("mode", "payment");
        s.put("status", "complete");
        s.put("payment_status", "paid");
        s.put("currency", "usd");
        s.put("amount_subtotal", amountTotal);
        s.put("amount_total", amountTotal);
        s.put("payment_intent", "pi_" + next());
        if (stripeCustomer == null) {
            s.putNull("customer");
        } else {
            s.put("customer", stripeCustomer);
        }
        ObjectNode totals = (ObjectNode) s.get("total_details");
        totals.put("amount_tax", 0);
        totals.put("amount_discount", 0);
        s.putNull("currency_conversion");
        s.putNull("shipping_cost");
        return s;
    }

    /** A paid invoice for {@code stripeCustomer} with the given lines ({productId, amount} pairs), no tax. */
    static ObjectNode invoice(String stripeCustomer, List<Object[]> lines) {
        ObjectNode inv = fixture("invoice");
        String id = "in_" + next();
        inv.put("id", id);
        inv.put("livemode", true);
        inv.put("customer", stripeCustomer);
        inv.put("status", "paid");
        inv.put("billing_reason", "subscription_create");
        long total = 0;
        ObjectNode template = (ObjectNode) inv.at("/lines/data/0");
        var data = JSON.createArrayNode();
        for (Object[] l : lines) {
            ObjectNode line = template.deepCopy();
            line.put("id", "il_" + next());
            line.put("invoice", id);
            line.put("amount", (Long) l[1]);
            line.put("subtotal", (Long) l[1]);
            ((ObjectNode) line.get("pricing")).putObject("price_details").put("price", "price_" + next())
                    .put("product", (String) l[0]);
            data.add(line);
            total += (Long) l[1];
        }
        ((ObjectNode) inv.get("lines")).set("data", data);
        inv.put("subtotal", total);
        inv.put("subtotal_excluding_tax", total);
        inv.put("total", total);
        inv.put("total_excluding_tax", total);
        inv.put("amount_due", total);
        inv.put("amount_paid", total);
        inv.put("amount_remaining", 0);
        return inv;
    }

    /** A charge of {@code amount} of which {@code refunded} is refunded, paying {@code paymentIntent}. */
    static ObjectNode charge(String chargeId, String paymentIntent, long amount, long refunded) {
        ObjectNode ch = fixture("charge");
        ch.put("id", chargeId);
        ch.put("livemode", true);
        ch.put("amount", amount);
        ch.put("amount_captured", amount);
        ch.put("amount_refunded", refunded);
        ch.put("refunded", refunded >= amount);
        ch.put("captured", true);
        if (paymentIntent == null) {
            ch.putNull("payment_intent");
        } else {
            ch.put("payment_intent", paymentIntent);
        }
        return ch;
    }

    static ObjectNode subscription(String stripeCustomer, String status, int quantity) {
        ObjectNode sub = fixture("subscription");
        sub.put("id", "sub_" + next());
        sub.put("livemode", true);
        sub.put("customer", stripeCustomer);
        sub.put("status", status);
        ((ObjectNode) sub.at("/items/data/0")).put("quantity", quantity);
        return sub;
    }

    // ---------------------------------------------------------------- Referly side

    /** A link tracking conversions and a click on it; returns {linkId, clickId}. */
    String[] linkAndClick() {
        String key = "stripe-" + next();
        String linkId = api.post("/links", Map.of("url", "https://example.com/" + key, "key", key,
                "trackConversion", true)).json().get("id").asText();
        return new String[] {linkId, click(key)};
    }

    /** A browser visit to the short link; returns the click id handed to the site. */
    String click(String key) {
        return click(key, null);
    }

    /** A browser visit to the short link with {@code query} (e.g. a paid-ad id) appended. */
    String click(String key, String query) {
        String location = server.visitor().send("GET", "/" + key + (query == null ? "" : "?" + query), null,
                Map.of("X-Forwarded-For", "81.2.69." + (next() % 250), "User-Agent", UserAgents.CHROME_MAC))
                .header("Location");
        assertThat(location).contains("dub_id=");
        return location.replaceAll(".*dub_id=", "").replaceAll("&.*", "");
    }

    JsonNode customerByExternalId(String externalId) {
        Http.Response r = api.get("/customers/ext_" + externalId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    JsonNode sales() {
        return api.get("/events?event=sales&interval=all").json();
    }

    JsonNode events(String query) {
        Http.Response r = api.get("/integrations/stripe/events" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    JsonNode storedEvent(String eventId) {
        return api.get("/integrations/stripe/events/" + eventId).json();
    }

    /** A sale reward of 10%, 40% for prod_gold, in a new group, and a partner in it; returns {partnerId, linkKey}. */
    String[] partnerWithLineItemReward() {
        int n = next();
        ok(api.patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api.post("/groups", Map.of("name", "Stripe partners " + n, "slug", "stripe-" + n,
                "holdingPeriodDays", 0))).get("id").asText();
        ok(api.put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 10,
                "modifiers", List.of(Map.of("operator", "AND", "amountInPercentage", 40,
                        "conditions", List.of(Map.of("entity", "sale", "attribute", "productId",
                                "operator", "equals_to", "value", "prod_gold")))))));
        JsonNode partner = ok(api.post("/partners", Map.of("name", "Partner " + n, "email", "p" + n + "@partners.example",
                "groupId", group)));
        return new String[] {partner.get("id").asText(), partner.get("links").get(0).get("key").asText()};
    }

    JsonNode commissions(String query) {
        return ok(api.get("/commissions?" + query));
    }

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** A column of the sale recorded for an invoice, straight from the database. */
    Object saleColumn(String invoiceId, String column) {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM sales WHERE workspace_id = :ws"
                        + " AND invoice_id = :invoice")
                .bind("ws", workspaceId).bind("invoice", invoiceId).mapToMap().findOne()
                .map(row -> row.get(column)).orElse(null));
    }

    long salesCount() {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sales WHERE workspace_id = :ws")
                .bind("ws", workspaceId).mapTo(Long.class).one());
    }
}
