package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refund and correction sequences of issue 18 through Stripe's charge.refunded, whose
 * {@code amount_refunded} is the charge's running total, on both stores. The group pays 10% of
 * prod_silver and holds for 0 days.
 */
class StripeRefundLedgerIT extends ServerPerStore {
    private record Sale(StripeFixture f, String partner, String invoice, String charge, long amount) {
        JsonNode refundedTo(long cumulative) {
            return f.deliver(f.event("charge.refunded", StripeFixture.charge(charge, null, amount, cumulative)),
                    "applied");
        }

        String commissionId() {
            return f.commissions("invoiceId=" + invoice + "&sortOrder=asc").get(0).get("id").asText();
        }

        JsonNode commission() {
            return StripeFixture.ok(f.api.get("/commissions/" + commissionId()));
        }

        JsonNode entries() {
            return f.commissions("invoiceId=" + invoice + "&sortOrder=asc");
        }
    }

    /** A partner in a 10% group without holding period, a bound Stripe customer (clicked with {@code query}). */
    private static String[] customer(StripeFixture f, String query) {
        String[] partner = f.partnerWithLineItemReward();
        String stripeCustomer = "cus_lg" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, StripeWebhookIT.md(
                "dubCustomerExternalId", "lg-" + StripeFixture.next(), "dubClickId", f.click(partner[1], query)))),
                "applied");
        return new String[] {partner[0], stripeCustomer};
    }

    /** A paid invoice of {@code amount} on charge ch_..., as older API versions send it. */
    private static Sale sale(StripeFixture f, String[] customer, long amount) {
        ObjectNode invoice = StripeFixture.invoice(customer[1], StripeWebhookIT.lines("prod_silver", amount));
        String charge = "ch_lg" + StripeFixture.next();
        invoice.put("charge", charge);
        f.deliver(f.event("invoice.paid", invoice), "applied");
        return new Sale(f, customer[0], invoice.get("id").asText(), charge, amount);
    }

    private static String payOut(StripeFixture f) {
        Http.Response run = f.api.post("/payouts/run", Map.of());
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json()).hasSize(1);
        return run.json().get(0).get("id").asText();
    }

    private static void complete(StripeFixture f, String payout) {
        StripeFixture.ok(f.api.patch("/payouts/" + payout, Map.of("status", "completed")));
    }

    @Test
    void splitRefundsOfAnUnpaidSaleEndAtZero() {
        StripeFixture f = StripeFixture.connected(server);
        Sale s = sale(f, customer(f, null), 5_010);
        assertThat(s.commission().get("earnings").asLong()).isEqualTo(501);
        s.refundedTo(2_505);
        assertThat(s.entries().get(1).get("earnings").asLong()).isEqualTo(-250);
        s.refundedTo(5_010);
        assertThat(s.commission().get("status").asText()).isEqualTo("refunded");
        assertThat(s.commission().get("netEarnings").asLong()).isZero();
    }

    @Test
    void splitClawbacksOfAPaidSaleEndAtZero() {
        StripeFixture f = StripeFixture.connected(server);
        Sale s = sale(f, customer(f, null), 5_010);
        complete(f, payOut(f));
        s.refundedTo(2_505);
        s.refundedTo(5_010);
        JsonNode entries = s.entries();
        assertThat(entries).extracting(e -> e.get("earnings").asLong()).containsExactly(501L, -250L, -251L);
        assertThat(s.commission().get("netEarnings").asLong()).isZero();
    }

    @Test
    void aFullRefundBeforePayoutTakesTheSalesAdjustmentOutOfThePendingPayout() {
        StripeFixture f = StripeFixture.connected(server);
        Sale s = sale(f, customer(f, null), 10_000);
        Http.Response edited = f.api.patch("/commissions/" + s.commissionId(), Map.of("earnings", 800));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        String payout = payOut(f);
        s.refundedTo(10_000);
        assertThat(s.commission().get("status").asText()).isEqualTo("refunded");
        assertThat(s.commission().get("netEarnings").asLong()).isZero();
        JsonNode p = StripeFixture.ok(f.api.get("/payouts/" + payout));
        assertThat(p.get("amount").asLong()).isZero();
        assertThat(p.get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void stripesRunningTotalNeverClawsBackMoreThanTheSaleEarned() {
        StripeFixture f = StripeFixture.connected(server);
        Sale s = sale(f, customer(f, null), 10_000);
        // 3000 refunded and recorded through the API first (say, by the support team), then paid out
        Http.Response api = f.api.post("/commissions/refunds", Map.of("invoiceId", s.invoice(), "amount", 3_000,
                "refundId", "re_support"));
        assertThat(api.status()).as(api.toString()).isEqualTo(200);
        complete(f, payOut(f));
        // Stripe reports the whole charge refunded: only what is left (7000) claws back
        s.refundedTo(10_000);
        assertThat(s.entries()).extracting(e -> e.get("earnings").asLong()).containsExactly(1_000L, -300L, -700L);
        assertThat(s.commission().get("netEarnings").asLong()).isZero();
    }

    @Test
    void heldRefundCorrectionsFollowTheirCommissionWhenReleasedOrRejected() {
        StripeFixture f = StripeFixture.connected(server);
        String[] customer = customer(f, "gclid=EAIaIQ");
        Sale released = sale(f, customer, 10_000);
        Sale rejected = sale(f, customer, 10_000);
        assertThat(released.commission().get("status").asText()).isEqualTo("hold");
        released.refundedTo(4_000);
        rejected.refundedTo(4_000);
        assertThat(released.entries().get(1).get("status").asText()).isEqualTo("hold");

        StripeFixture.ok(f.api.patch("/commissions/" + released.commissionId(), Map.of("status", "pending")));
        assertThat(released.entries().get(1).get("status").asText()).isEqualTo("pending");
        String payout = payOut(f);
        assertThat(StripeFixture.ok(f.api.get("/payouts/" + payout)).get("amount").asLong()).isEqualTo(600);

        StripeFixture.ok(f.api.patch("/commissions/" + rejected.commissionId(), Map.of("status", "fraud")));
        assertThat(rejected.commission().get("netEarnings").asLong()).isZero();
        assertThat(rejected.entries().get(1).get("status").asText()).isEqualTo("fraud");
    }
}
