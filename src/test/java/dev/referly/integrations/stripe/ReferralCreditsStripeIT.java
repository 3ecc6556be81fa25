package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A referred customer's first payment arriving as a signed Stripe invoice.paid grants both sides, once. */
class ReferralCreditsStripeIT extends ServerPerStore {

    @Test
    void aFirstStripeInvoiceGrantsBothSidesAndARenewalNothing() {
        StripeFixture f = StripeFixture.connected(server);
        StripeFixture.ok(f.api.patch("/program", Map.of("url", "https://acme.example")));
        String group = StripeFixture.ok(f.api.post("/groups", Map.of("name", "Credits", "slug", "credits")))
                .get("id").asText();
        StripeFixture.ok(f.api.put("/groups/" + group + "/credit-reward", Map.of("kind", "free_period",
                "amount", 1, "unit", "months", "recipient", "both", "maxTotal", 12)));
        JsonNode partner = StripeFixture.ok(f.api.post("/partners", Map.of("name", "Alice", "email",
                "alice@example.com", "tenantId", "user_alice", "groupId", group)));
        String clickId = StripeFixture.ok(f.api.send("POST", "/track/click",
                Map.of("ref", partner.get("referralCode").asText()),
                Map.of("User-Agent", UserAgents.CHROME_MAC, "X-Forwarded-For", "81.2.69.142"))).get("clickId").asText();

        String stripeCustomer = "cus_ref" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer,
                Map.of("dubCustomerExternalId", "user_bob", "dubClickId", clickId))), "applied");
        JsonNode referrals = StripeFixture.ok(f.api.get("/referrals?tenantId=user_alice"));
        assertThat(referrals).hasSize(1);
        assertThat(referrals.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(StripeFixture.ok(f.api.get("/credits?customerExternalId=user_bob")).get("balances").size()).isZero();

        ObjectNode first = StripeFixture.invoice(stripeCustomer, List.<Object[]>of(new Object[] {"prod_basic", 2_000L}));
        f.deliver(f.event("invoice.paid", first), "applied");
        assertThat(months(f, "tenantId=user_alice")).isEqualTo(1);
        assertThat(months(f, "customerExternalId=user_bob")).isEqualTo(1);
        assertThat(StripeFixture.ok(f.api.get("/referrals?tenantId=user_alice")).get(0).get("status").asText())
                .isEqualTo("rewarded");

        ObjectNode renewal = StripeFixture.invoice(stripeCustomer, List.<Object[]>of(new Object[] {"prod_basic", 2_000L}));
        renewal.put("billing_reason", "subscription_cycle");
        f.deliver(f.event("invoice.paid", renewal), "applied");
        f.deliver(f.event("invoice.paid", first), "applied"); // the same invoice in a new event: still one sale
        assertThat(months(f, "tenantId=user_alice")).isEqualTo(1);
        assertThat(months(f, "customerExternalId=user_bob")).isEqualTo(1);
    }

    private static long months(StripeFixture f, String query) {
        JsonNode m = StripeFixture.ok(f.api.get("/credits?" + query)).get("balances").get("months");
        return m == null ? 0 : m.asLong();
    }
}
