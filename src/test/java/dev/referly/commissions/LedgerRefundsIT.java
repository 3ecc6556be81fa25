package dev.referly.commissions;

import static dev.referly.commissions.ProgramFixture.percent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The four refund and correction sequences of issue 18 through the API, on both stores: a group
 * paying 10% of sales, no holding period, one partner and one customer.
 */
class LedgerRefundsIT extends ServerPerStore {
    private record Program(ProgramFixture f, String partner, String group) {
        String sale(String customer, long amount, String invoice) {
            f.sale(customer, amount, invoice, null);
            return f.commissions("invoiceId=" + invoice).get(0).get("id").asText();
        }

        Http.Response refund(String invoice, long amount, String refundId) {
            return f.api.post("/commissions/refunds", Map.of("invoiceId", invoice, "amount", amount,
                    "refundId", refundId));
        }

        JsonNode refunded(String invoice, long amount, String refundId) {
            Http.Response r = refund(invoice, amount, refundId);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json();
        }

        JsonNode commission(String id) {
            Http.Response r = f.api.get("/commissions/" + id);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json();
        }

        String payOut() {
            Http.Response run = f.api.post("/payouts/run", Map.of());
            assertThat(run.status()).as(run.toString()).isEqualTo(200);
            assertThat(run.json()).hasSize(1);
            return run.json().get(0).get("id").asText();
        }

        void complete(String payout) {
            Http.Response done = f.api.patch("/payouts/" + payout, Map.of("status", "completed"));
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
        }
    }

    /** A 10% group without a holding period, a partner in it and a customer with a lead on its link. */
    static Program program(ProgramFixture f, String customer, String query) {
        String group = f.group(0);
        f.reward(group, percent(1000, null));
        String partner = f.partner(group, customer + "@partner.dev");
        f.lead(f.click(f.partnerLink(partner), query), customer, null, "Sign up");
        return new Program(f, partner, group);
    }

    @Test
    void splitRefundsOfAnUnpaidSaleEndAtZero() {
        Program p = program(ProgramFixture.create(server), "split", null);
        String id = p.sale("split", 5_010, "in_split");
        assertThat(p.commission(id).get("earnings").asLong()).isEqualTo(501);
        // what remains (2505) earns 250.5 -> 251, so the first half takes 250 and the last lands on 0
        assertThat(p.refunded("in_split", 2_505, "r1").at("/correction/earnings").asLong()).isEqualTo(-250);
        JsonNode last = p.refunded("in_split", 2_505, "r2");
        assertThat(last.get("outcome").asText()).isEqualTo("refunded");
        JsonNode c = p.commission(id);
        assertThat(c.get("status").asText()).isEqualTo("refunded");
        assertThat(c.get("netEarnings").asLong()).isZero();
    }

    @Test
    void splitClawbacksOfAPaidSaleEndAtZero() {
        Program p = program(ProgramFixture.create(server), "splitpaid", null);
        String id = p.sale("splitpaid", 5_010, "in_splitpaid");
        p.complete(p.payOut());
        JsonNode first = p.refunded("in_splitpaid", 2_505, "r1");
        assertThat(first.get("outcome").asText()).isEqualTo("clawback");
        assertThat(first.at("/correction/earnings").asLong()).isEqualTo(-250);
        assertThat(p.refunded("in_splitpaid", 2_505, "r2").at("/correction/earnings").asLong()).isEqualTo(-251);
        assertThat(p.commission(id).get("netEarnings").asLong()).isZero();
        // the same refund again changes nothing
        assertThat(p.refunded("in_splitpaid", 2_505, "r2").get("outcome").asText()).isEqualTo("unchanged");
        assertThat(p.commission(id).get("netEarnings").asLong()).isZero();
    }

    @Test
    void aFullRefundBeforePayoutTakesTheSalesAdjustmentOutOfThePendingPayout() {
        Program p = program(ProgramFixture.create(server), "adjusted", null);
        String id = p.sale("adjusted", 10_000, "in_adjusted");
        Http.Response edited = p.f().api.patch("/commissions/" + id, Map.of("earnings", 800));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        String correction = edited.json().get("id").asText();
        assertThat(edited.json().get("earnings").asLong()).isEqualTo(-200);
        String payout = p.payOut();
        assertThat(p.f().api.get("/payouts/" + payout).json().get("amount").asLong()).isEqualTo(800);

        assertThat(p.refunded("in_adjusted", 10_000, "re_all").get("outcome").asText()).isEqualTo("refunded");
        JsonNode c = p.commission(id);
        assertThat(c.get("netEarnings").asLong()).isZero();
        JsonNode followed = p.commission(correction);
        assertThat(followed.get("status").asText()).isEqualTo("refunded");
        assertThat(followed.get("payoutId").isNull()).isTrue();
        // the payout lost everything it held, so it is canceled rather than left to pay $0 (or -$2)
        JsonNode emptied = p.f().api.get("/payouts/" + payout).json();
        assertThat(emptied.get("amount").asLong()).isZero();
        assertThat(emptied.get("status").asText()).isEqualTo("canceled");
        assertThat(p.f().api.patch("/payouts/" + payout, Map.of("status", "completed")).status()).isEqualTo(409);
    }

    @Test
    void aRefundBeyondWhatIsLeftOfAPaidSaleIs422AndTheRestClawsBackToZero() {
        Program p = program(ProgramFixture.create(server), "over", null);
        String id = p.sale("over", 10_000, "in_over");
        assertThat(p.refunded("in_over", 3_000, "r1").at("/correction/earnings").asLong()).isEqualTo(-300);
        p.complete(p.payOut());
        Http.Response over = p.refund("in_over", 10_000, "r2");
        assertThat(over.status()).as(over.toString()).isEqualTo(422);
        assertThat(over.json().at("/error/code").asText()).isEqualTo("unprocessable_entity");
        assertThat(over.json().at("/error/message").asText()).startsWith("amount:").contains("70.00");
        assertThat(p.commission(id).get("netEarnings").asLong()).isEqualTo(700);
        JsonNode rest = p.refunded("in_over", 7_000, "r3");
        assertThat(rest.get("outcome").asText()).isEqualTo("clawback");
        assertThat(rest.at("/correction/earnings").asLong()).isEqualTo(-700);
        assertThat(p.commission(id).get("netEarnings").asLong()).isZero();
        assertThat(p.refund("in_over", 1, "r4").status()).isEqualTo(422);
    }

    @Test
    void aRefundBeyondWhatIsLeftOfAnUnpaidSaleIs422Too() {
        Program p = program(ProgramFixture.create(server), "overunpaid", null);
        String id = p.sale("overunpaid", 10_000, "in_overunpaid");
        p.refunded("in_overunpaid", 3_000, "r1");
        assertThat(p.refund("in_overunpaid", 10_000, "r2").status()).isEqualTo(422);
        assertThat(p.refunded("in_overunpaid", 7_000, "r3").get("outcome").asText()).isEqualTo("refunded");
        JsonNode c = p.commission(id);
        assertThat(c.get("status").asText()).isEqualTo("refunded");
        assertThat(c.get("netEarnings").asLong()).isZero();
    }

    @Test
    void heldRefundCorrectionsFollowTheirCommissionWhenReleasedOrRejected() {
        Program p = program(ProgramFixture.create(server), "ads", "gclid=EAIaIQ");
        String released = p.sale("ads", 10_000, "in_released");
        String rejected = p.sale("ads", 10_000, "in_rejected");
        assertThat(p.commission(released).get("status").asText()).isEqualTo("hold");
        JsonNode c1 = p.refunded("in_released", 4_000, "r1").get("correction");
        JsonNode c2 = p.refunded("in_rejected", 4_000, "r2").get("correction");
        assertThat(c1.get("earnings").asLong()).isEqualTo(-400);
        assertThat(c1.get("status").asText()).isEqualTo("hold");

        Http.Response release = p.f().api.patch("/commissions/" + released, Map.of("status", "pending"));
        assertThat(release.status()).as(release.toString()).isEqualTo(200);
        assertThat(p.commission(c1.get("id").asText()).get("status").asText()).isEqualTo("pending");
        String payout = p.payOut();
        assertThat(p.f().api.get("/payouts/" + payout).json().get("amount").asLong()).isEqualTo(600);

        Http.Response reject = p.f().api.patch("/commissions/" + rejected, Map.of("status", "fraud"));
        assertThat(reject.status()).as(reject.toString()).isEqualTo(200);
        assertThat(p.commission(rejected).get("netEarnings").asLong()).isZero();
        assertThat(p.commission(c2.get("id").asText()).get("status").asText()).isEqualTo("fraud");
        // undoing the verdict brings the correction back with its commission
        assertThat(p.f().api.patch("/commissions/" + rejected, Map.of("status", "pending")).status()).isEqualTo(200);
        assertThat(p.commission(rejected).get("netEarnings").asLong()).isEqualTo(600);
    }
}
