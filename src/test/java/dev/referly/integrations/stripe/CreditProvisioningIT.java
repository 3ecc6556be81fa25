package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Credit grants applied in Stripe automatically, against a local stand-in for Stripe's API: a
 * currency grant is one customer balance transaction, a failure is retried with backoff and
 * applied once, free months are a coupon created once, the unit credits is skipped, and two
 * processes never send the same grant.
 */
@ParameterizedClass
@EnumSource(Store.class)
class CreditProvisioningIT {
    private static final String API_KEY = "sk_test_standin4242";

    @Parameter
    Store store;

    static StripeStandIn stripe;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(Store store) throws Exception {
        stripe = new StripeStandIn();
        server = TestServer.start(store, c -> c.withStripeApiBase(stripe.base()));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        stripe.close();
    }

    /** A workspace provisioning credit in Stripe, with a group carrying this credit reward; returns the referral code. */
    private static Setup program(Map<String, Object> reward) {
        StripeFixture f = StripeFixture.connected(server, Map.of("apiKey", API_KEY, "provisionCredits", true));
        StripeFixture.ok(f.api.patch("/program", Map.of("url", "https://acme.example")));
        String group = StripeFixture.ok(f.api.post("/groups", Map.of("name", "Credits", "slug", "credits")))
                .get("id").asText();
        StripeFixture.ok(f.api.put("/groups/" + group + "/credit-reward", reward));
        int n = StripeFixture.next();
        JsonNode partner = StripeFixture.ok(f.api.post("/partners", Map.of("name", "Alice", "email",
                "alice" + n + "@example.com", "tenantId", "user_alice" + n, "groupId", group)));
        return new Setup(f, partner.get("referralCode").asText(), "user_alice" + n);
    }

    private record Setup(StripeFixture f, String code, String referrerTenant) {}

    /** A referred customer bound to a Stripe customer (customer.created) who then pays; returns the Stripe id. */
    private static String referAndPay(Setup s, String externalId) {
        String stripeCustomer = "cus_" + externalId;
        StripeFixture.ok(s.f().api.post("/track/lead", Map.of("referralCode", s.code(), "eventName", "Sign up",
                "customerExternalId", externalId, "customerEmail", externalId + "@customer.example")));
        s.f().deliver(s.f().event("customer.created", StripeFixture.customer(stripeCustomer,
                Map.of("dubCustomerExternalId", externalId))), "applied");
        StripeFixture.ok(s.f().api.post("/track/sale", Map.of("customerExternalId", externalId, "amount", 2_000,
                "invoiceId", "inv_" + externalId)));
        return stripeCustomer;
    }

    private static JsonNode grant(Http api, String query) {
        JsonNode entries = StripeFixture.ok(api.get("/credits?" + query)).get("entries");
        for (JsonNode e : entries) {
            if (e.get("type").asText().equals("grant")) {
                return e;
            }
        }
        throw new AssertionError("no grant for " + query + ": " + entries);
    }

    /** The worker runs on its own thread every 200 ms: wait for what it should have done. */
    private static JsonNode await(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out; last seen: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            last = read.get();
        }
        return last;
    }

    /** A row taken by a worker: its next attempt is the claim's lease (5 minutes), not a backoff. */
    private static boolean claimed(JsonNode provisioning) {
        JsonNode next = provisioning.get("nextAttemptAt");
        return next != null && !next.isNull() && Duration.between(Instant.parse(provisioning.get("updatedAt").asText()),
                Instant.parse(next.asText())).equals(Duration.ofMinutes(5));
    }

    private static boolean state(JsonNode grant, String state) {
        return grant.has("provisioning") && grant.get("provisioning").get("state").asText().equals(state);
    }

    @Test
    void aCurrencyGrantIsOneBalanceTransactionUnderTheGrantsIdempotencyKey() {
        Setup s = program(Map.of("kind", "credit", "amount", 500, "unit", "usd", "recipient", "both"));
        String ext = "bob" + StripeFixture.next();
        String customer = referAndPay(s, ext);

        JsonNode grant = await(() -> grant(s.f().api, "customerExternalId=" + ext), g -> state(g, "applied"));
        JsonNode p = grant.get("provisioning");
        assertThat(p.get("stripeObjectId").asText()).startsWith("cbtxn_");
        assertThat(p.get("attempts").asInt()).isEqualTo(1);
        assertThat(p.get("lastError").isNull()).isTrue();
        List<StripeStandIn.Request> sent = stripe.to("POST", "/v1/customers/" + customer + "/balance_transactions");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).form()).containsEntry("amount", "-500").containsEntry("currency", "usd");
        assertThat(sent.get(0).idempotencyKey()).isEqualTo("referly-credit-" + grant.get("id").asText());
        assertThat(sent.get(0).authorization()).isEqualTo("Bearer " + API_KEY);

        // The referrer has no Stripe customer (no customer with its tenantId): it waits, with the reason.
        JsonNode referrer = await(() -> grant(s.f().api, "tenantId=" + s.referrerTenant()),
                g -> g.get("provisioning").get("attempts").asInt() >= 1);
        assertThat(referrer.get("provisioning").get("state").asText()).isEqualTo("pending");
        assertThat(referrer.get("provisioning").get("lastError").asText()).contains("No Stripe customer");

        // The key is stored, never shown.
        Http.Response conn = s.f().api.get("/integrations/stripe");
        assertThat(conn.body()).doesNotContain(API_KEY);
        assertThat(conn.json().get("apiKeyLast4").asText()).isEqualTo("4242");
        assertThat(conn.json().get("provisionCredits").asBoolean()).isTrue();
        assertThat(s.f().api.put("/integrations/stripe", Map.of("apiKey", "pk_live_nope")).status()).isEqualTo(422);
    }

    @Test
    void aFailureIsRetriedWithBackoffAndAppliedOnce() {
        Setup s = program(Map.of("kind", "credit", "amount", 700, "unit", "eur", "recipient", "referred"));
        String ext = "carol" + StripeFixture.next();
        String path = "/v1/customers/cus_" + ext + "/balance_transactions";
        stripe.failNext(1);
        referAndPay(s, ext);

        JsonNode failed = await(() -> grant(s.f().api, "customerExternalId=" + ext),
                g -> g.has("provisioning") && g.get("provisioning").get("attempts").asInt() == 1
                        && !g.get("provisioning").get("lastError").isNull());
        JsonNode p = failed.get("provisioning");
        assertThat(p.get("state").asText()).isEqualTo("pending");
        assertThat(p.get("lastError").asText()).contains("Stripe");
        // Backoff: due again 30 seconds after the failure, not before.
        assertThat(Duration.between(Instant.parse(failed.get("createdAt").asText()),
                Instant.parse(p.get("nextAttemptAt").asText()))).isEqualTo(Duration.ofSeconds(30));
        assertThat(stripe.to("POST", path)).hasSize(1);

        server.clock().advance(Duration.ofSeconds(31));
        JsonNode applied = await(() -> grant(s.f().api, "customerExternalId=" + ext), g -> state(g, "applied"));
        assertThat(applied.get("provisioning").get("attempts").asInt()).isEqualTo(2);
        List<StripeStandIn.Request> sent = stripe.to("POST", path);
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(StripeStandIn.Request::idempotencyKey).containsOnly(
                "referly-credit-" + applied.get("id").asText());
        assertThat(stripe.applied()).contains("referly-credit-" + applied.get("id").asText());
    }

    @Test
    void freeMonthsAreOneCouponPerWorkspaceAppliedToEachSubscription() {
        Setup s = program(Map.of("kind", "free_period", "amount", 2, "unit", "months", "recipient", "referred"));
        int couponsBefore = stripe.to("POST", "/v1/coupons").size();
        String one = "dan" + StripeFixture.next();
        String two = "eve" + StripeFixture.next();
        stripe.subscribed.add("cus_" + one);
        stripe.subscribed.add("cus_" + two);
        referAndPay(s, one);
        JsonNode first = await(() -> grant(s.f().api, "customerExternalId=" + one), g -> state(g, "applied"));
        referAndPay(s, two);
        JsonNode second = await(() -> grant(s.f().api, "customerExternalId=" + two), g -> state(g, "applied"));

        List<StripeStandIn.Request> coupons = stripe.to("POST", "/v1/coupons").subList(couponsBefore,
                stripe.to("POST", "/v1/coupons").size());
        assertThat(coupons).hasSize(1);
        assertThat(coupons.get(0).form()).containsEntry("percent_off", "100").containsEntry("duration", "repeating")
                .containsEntry("duration_in_months", "2");
        assertThat(first.get("provisioning").get("stripeObjectId").asText()).isEqualTo("sub_cus_" + one);
        assertThat(second.get("provisioning").get("stripeObjectId").asText()).isEqualTo("sub_cus_" + two);
        List<StripeStandIn.Request> updates = stripe.to("POST", "/v1/subscriptions/sub_cus_" + one);
        assertThat(updates).hasSize(1);
        String couponId = updates.get(0).form().get("discounts[0][coupon]");
        assertThat(couponId).startsWith("coupon_");
        assertThat(stripe.to("POST", "/v1/subscriptions/sub_cus_" + two).get(0).form())
                .containsEntry("discounts[0][coupon]", couponId);
    }

    @Test
    void freeDaysPushTheSubscriptionsTrialEndOnceWithoutProration() {
        Setup s = program(Map.of("kind", "free_period", "amount", 14, "unit", "days", "recipient", "referred"));
        String ext = "fay" + StripeFixture.next();
        stripe.subscribed.add("cus_" + ext);
        long now = server.clock().millis() / 1000;
        referAndPay(s, ext);

        JsonNode grant = await(() -> grant(s.f().api, "customerExternalId=" + ext), g -> state(g, "applied"));
        assertThat(grant.get("provisioning").get("stripeObjectId").asText()).isEqualTo("sub_cus_" + ext);
        List<StripeStandIn.Request> updates = stripe.to("POST", "/v1/subscriptions/sub_cus_" + ext);
        assertThat(updates).hasSize(1);
        // The stand-in's subscription has no trial: the free days start now (the test clock stands still).
        assertThat(updates.get(0).form()).containsEntry("trial_end", String.valueOf(now + 14 * 86_400))
                .containsEntry("proration_behavior", "none");
        assertThat(updates.get(0).idempotencyKey()).isEqualTo("referly-credit-" + grant.get("id").asText());
    }

    @Test
    void theUnitCreditsIsSkippedAndNothingIsQueuedWhenProvisioningIsOff() {
        Setup s = program(Map.of("kind", "credit", "amount", 500, "unit", "credits", "recipient", "referred"));
        String ext = "fay" + StripeFixture.next();
        referAndPay(s, ext);
        JsonNode skipped = grant(s.f().api, "customerExternalId=" + ext);
        assertThat(skipped.get("provisioning").get("state").asText()).isEqualTo("skipped");
        assertThat(skipped.get("provisioning").get("lastError").asText()).contains("credit.granted");
        assertThat(stripe.requests()).noneMatch(r -> r.path().contains("cus_" + ext));
        String skippedId = skipped.get("provisioning").get("id").asText();
        assertThat(s.f().api.post("/credits/provisioning/" + skippedId + "/retry", Map.of()).status()).isEqualTo(409);

        StripeFixture.ok(s.f().api.put("/groups/credits/credit-reward", Map.of("kind", "credit", "amount", 300,
                "unit", "usd", "recipient", "referred")));
        StripeFixture.ok(s.f().api.put("/integrations/stripe", Map.of("provisionCredits", false)));
        String ext2 = "gus" + StripeFixture.next();
        referAndPay(s, ext2);
        assertThat(grant(s.f().api, "customerExternalId=" + ext2).has("provisioning")).isFalse();
        assertThat(s.f().api.put("/integrations/stripe", Map.of("apiKey", "sk_test_other1234")).status())
                .isEqualTo(200);
        // Turning it on needs a key: removing the key while on is refused.
        StripeFixture.ok(s.f().api.put("/integrations/stripe", Map.of("provisionCredits", true)));
        java.util.Map<String, Object> noKey = new java.util.HashMap<>();
        noKey.put("apiKey", null);
        assertThat(s.f().api.put("/integrations/stripe", noKey).status()).isEqualTo(422);

        assertThat(s.f().api.post("/credits/provisioning/cpv_unknown/retry", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aReferrerWithoutAStripeCustomerWaitsThenFailsAndCanBeRetried() {
        Setup s = program(Map.of("kind", "credit", "amount", 400, "unit", "usd", "recipient", "referrer"));
        String ext = "hal" + StripeFixture.next();
        referAndPay(s, ext);
        String query = "tenantId=" + s.referrerTenant();
        // Each attempt finds no Stripe customer for the referrer; after the last one it is given up.
        for (int attempt = 1; attempt <= 12; attempt++) {
            int n = attempt;
            // Wait for the attempt's failure to be written, not just its claim: a claim already shows the
            // new count (with the previous error), and moving the clock before the failure is written
            // would set the next try past the moved clock, where nothing moves it again.
            await(() -> grant(s.f().api, query), g -> g.has("provisioning")
                    && g.get("provisioning").get("attempts").asInt() == n
                    && !g.get("provisioning").get("lastError").isNull() && !claimed(g.get("provisioning")));
            server.clock().advance(Duration.ofHours(7));
        }
        JsonNode failed = await(() -> grant(s.f().api, query), g -> state(g, "failed"));
        assertThat(failed.get("provisioning").get("lastError").asText()).contains("No Stripe customer");
        assertThat(stripe.requests()).noneMatch(r -> r.path().contains("cus_" + s.referrerTenant()));

        // The referrer's own account becomes a Stripe customer (externalId = its tenantId); retry applies it.
        StripeFixture.ok(s.f().api.post("/track/lead", Map.of("eventName", "Sign up", "referralCode", s.code(),
                "customerExternalId", s.referrerTenant(), "customerEmail", s.referrerTenant() + "@customer.example")));
        s.f().deliver(s.f().event("customer.created", StripeFixture.customer("cus_" + s.referrerTenant(),
                Map.of("dubCustomerExternalId", s.referrerTenant()))), "applied");
        String id = failed.get("provisioning").get("id").asText();
        JsonNode retried = StripeFixture.ok(s.f().api.post("/credits/provisioning/" + id + "/retry", Map.of()));
        assertThat(retried.get("state").asText()).isEqualTo("pending");
        assertThat(retried.get("attempts").asInt()).isZero();
        JsonNode applied = await(() -> grant(s.f().api, query), g -> state(g, "applied"));
        assertThat(stripe.to("POST", "/v1/customers/cus_" + s.referrerTenant() + "/balance_transactions"))
                .singleElement().satisfies(r -> assertThat(r.form()).containsEntry("amount", "-400"));
        assertThat(applied.get("provisioning").get("stripeObjectId").asText()).startsWith("cbtxn_");
        assertThat(s.f().api.post("/credits/provisioning/" + id + "/retry", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void twoProcessesNeverSendTheSameGrant() throws Exception {
        Assumptions.assumeTrue(store == Store.POSTGRES, "several processes share PostgreSQL");
        try (TestServer sibling = server.sibling(c -> c.withStripeApiBase(stripe.base() + "/sibling"))) {
            Setup s = program(Map.of("kind", "credit", "amount", 100, "unit", "usd", "recipient", "referred"));
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String ext = "multi" + StripeFixture.next();
                referAndPay(s, ext);
                expected.add(ext);
            }
            for (String ext : expected) {
                await(() -> grant(s.f().api, "customerExternalId=" + ext), g -> state(g, "applied"));
            }
            List<StripeStandIn.Request> sent = stripe.requests().stream()
                    .filter(r -> r.path().contains("/balance_transactions")
                            && expected.stream().anyMatch(e -> r.path().contains("cus_" + e + "/")))
                    .toList();
            // Each grant was sent once, by one of the two processes: their claims were disjoint.
            assertThat(sent).hasSize(expected.size());
            assertThat(StripeStandIn.countBy(sent, StripeStandIn.Request::idempotencyKey).values()).containsOnly(1);
            Set<String> bySibling = new HashSet<>();
            Set<String> byFirst = new HashSet<>();
            sent.forEach(r -> (r.path().startsWith("/sibling/") ? bySibling : byFirst).add(r.idempotencyKey()));
            assertThat(bySibling).doesNotContainAnyElementsOf(byFirst);
        }
    }
}
