package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The program model end to end, through the public APIs only: groups with rewards and move
 * rules, an enrolled partner, clicks and conversions on the partner's link, the commissions
 * they earn, the move to the cash group, a payout after the holding period, and a refund
 * after payment that nets against the next payout.
 */
class ProgramEndToEndIT extends ServerPerStore {

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 202);
        return r.json();
    }

    /** A visit to the short link from a browser; returns the click id handed to the site. */
    static String click(String key, String ip) {
        String location = server.visitor().send("GET", "/" + key, null,
                Map.of("X-Forwarded-For", ip, "User-Agent", UserAgents.CHROME_MAC)).header("Location");
        assertThat(location).contains("dub_id=");
        return location.replaceAll(".*dub_id=", "");
    }

    @Test
    void aPartnerEarnsGraduatesAndIsPaid() {
        ok(api().patch("/program", Map.of("url", "https://acme.example", "minPayoutAmount", 1000)));
        String credits = ok(api().post("/groups", Map.of("name", "Credits", "slug", "credits-e2e",
                "holdingPeriodDays", 7))).get("id").asText();
        String cash = ok(api().post("/groups", Map.of("name", "Cash", "slug", "cash-e2e",
                "holdingPeriodDays", 7))).get("id").asText();
        ok(api().put("/groups/" + credits + "/rewards/lead", Map.of("type", "flat", "amountInCents", 500,
                "description", "$5 per signup")));
        ok(api().put("/groups/" + credits + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 10,
                "maxDuration", 12, "modifiers", List.of(Map.of("operator", "AND", "amountInPercentage", 40,
                        "conditions", List.of(Map.of("entity", "sale", "attribute", "productId",
                                "operator", "equals_to", "value", "prod_gold")))))));
        ok(api().put("/groups/" + cash + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 30)));
        ok(api().put("/groups/" + cash + "/move-rules", List.of(Map.of("attribute", "totalLeads",
                "operator", "gte", "value", 2))));

        JsonNode partner = ok(api().post("/partners", Map.of("name", "Alex", "email", "alex@partners.example",
                "tenantId", "user-e2e-1", "groupId", credits)));
        String partnerId = partner.get("id").asText();
        String key = partner.get("links").get(0).get("key").asText();
        assertThat(partner.get("groupId").asText()).isEqualTo(credits);
        assertThat(partner.get("leadRewardId").isNull()).isFalse();

        // Customer one signs up and buys gold (40%) then silver (10%).
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.142"), "eventName", "Sign up",
                "customerExternalId", "e2e-cust-1", "customerEmail", "one@customer.example")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "e2e-cust-1", "amount", 10_000,
                "invoiceId", "e2e-inv-1", "metadata", Map.of("productId", "prod_gold"))));
        ok(api().post("/track/sale", Map.of("customerExternalId", "e2e-cust-1", "amount", 5_000,
                "invoiceId", "e2e-inv-2", "metadata", Map.of("productId", "prod_silver"))));
        // The same invoice again records nothing, so it earns nothing.
        ok(api().post("/track/sale", Map.of("customerExternalId", "e2e-cust-1", "amount", 10_000,
                "invoiceId", "e2e-inv-1", "metadata", Map.of("productId", "prod_gold"))));

        JsonNode commissions = ok(api().get("/commissions?partnerId=" + partnerId + "&sortOrder=asc"));
        assertThat(commissions).hasSize(3);
        assertThat(earnings(commissions)).containsExactly(500L, 4_000L, 500L);
        JsonNode gold = ok(api().get("/commissions/" + commissions.get(1).get("id").asText()));
        assertThat(gold.get("status").asText()).isEqualTo("pending");
        assertThat(gold.get("explanation").asText()).contains("40%").contains("prod_gold");
        assertThat(gold.get("rewardSnapshot").get("modifiers")).hasSize(1);

        // The customer shows who referred them and the discount that partner's group gives.
        ok(api().put("/groups/" + credits + "/discount", Map.of("type", "percentage", "amount", 20, "maxDuration", 3)));
        JsonNode referred = ok(api().get("/customers/ext_e2e-cust-1?includeExpandedFields=true"));
        assertThat(referred.at("/partner/id").asText()).isEqualTo(partnerId);
        assertThat(referred.at("/partner/email").asText()).isEqualTo("alex@partners.example");
        assertThat(referred.at("/discount/amount").asInt()).isEqualTo(20);
        assertThat(referred.at("/discount/maxDuration").asInt()).isEqualTo(3);
        JsonNode listed = ok(api().get("/customers?externalId=e2e-cust-1&includeExpandedFields=true"));
        assertThat(listed.get(0).at("/partner/id").asText()).isEqualTo(partnerId);

        // A second referred customer makes two leads: the cash group's rule moves the partner, once.
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.143"), "eventName", "Sign up",
                "customerExternalId", "e2e-cust-2", "customerEmail", "two@customer.example")));
        JsonNode moved = ok(api().get("/partners/" + partnerId));
        assertThat(moved.get("groupId").asText()).isEqualTo(cash);
        assertThat(moved.get("totalLeads").asLong()).isEqualTo(2);
        assertThat(moved.get("totalCommissions").asLong()).isEqualTo(5_500);

        // Sales after the move earn the cash group's 30%.
        ok(api().post("/track/sale", Map.of("customerExternalId", "e2e-cust-2", "amount", 2_000,
                "invoiceId", "e2e-inv-3")));
        JsonNode afterMove = ok(api().get("/commissions?partnerId=" + partnerId + "&sortOrder=asc"));
        assertThat(earnings(afterMove)).containsExactly(500L, 4_000L, 500L, 500L, 600L);

        // Nothing is payable inside the holding period; after it, one payout gathers everything.
        assertThat(payoutsOf(partnerId)).isEmpty();
        ok(api().post("/payouts/run", Map.of()));
        assertThat(payoutsOf(partnerId)).isEmpty();
        server.clock().advance(Duration.ofDays(8));
        ok(api().post("/payouts/run", Map.of()));
        JsonNode payouts = payoutsOf(partnerId);
        assertThat(payouts).hasSize(1);
        assertThat(payouts.get(0).get("amount").asLong()).isEqualTo(6_100);
        String payoutId = payouts.get(0).get("id").asText();
        ok(api().patch("/payouts/" + payoutId, Map.of("status", "completed")));
        JsonNode paid = ok(api().get("/commissions?partnerId=" + partnerId + "&status=paid"));
        assertThat(paid).hasSize(5);
        String paidGold = commissions.get(1).get("id").asText();
        assertThat(api().patch("/commissions/" + paidGold, Map.of("status", "canceled")).status()).isEqualTo(409);

        // The gold sale is refunded after payment: a clawback nets against the next payout.
        ok(api().post("/commissions/refunds", Map.of("invoiceId", "e2e-inv-1", "amount", 10_000,
                "refundId", "re_e2e_1")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "e2e-cust-2", "amount", 20_000,
                "invoiceId", "e2e-inv-4")));
        server.clock().advance(Duration.ofDays(8));
        ok(api().post("/payouts/run", Map.of()));
        List<Long> amounts = new ArrayList<>();
        payoutsOf(partnerId).forEach(p -> amounts.add(p.get("amount").asLong()));
        assertThat(amounts).containsExactlyInAnyOrder(6_100L, 6_000L - 4_000L);
    }

    static JsonNode payoutsOf(String partnerId) {
        return ok(api().get("/payouts?partnerId=" + partnerId));
    }

    static List<Long> earnings(JsonNode commissions) {
        List<Long> out = new ArrayList<>();
        commissions.forEach(c -> out.add(c.get("earnings").asLong()));
        return out;
    }
}
