package dev.referly.referrals;

import static dev.referly.referrals.ReferralsIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Graduation: a user-partner in a credits group whose referrals meet a cash group's move rules
 * (3 leads) moves there, and the next referred sale earns the cash group's commission.
 */
class GraduationIT extends ServerPerStore {

    @Test
    void threeReferralsGraduateAPartnerToCashAndTheNextSaleEarnsACommission() {
        Http api = ReferralsIT.workspace();
        String credits = ReferralsIT.creditsGroup(api, Map.of("kind", "credit", "amount", 500, "unit", "credits",
                "recipient", "both", "trigger", "first_sale"));
        String cash = ok(api.post("/groups", Map.of("name", "Cash", "slug", "cash"))).get("id").asText();
        ok(api.put("/groups/" + cash + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 20)));
        ok(api.put("/groups/" + cash + "/move-rules", List.of(Map.of("attribute", "totalLeads",
                "operator", "gte", "value", 3))));

        JsonNode alice = ok(api.post("/partners", Map.of("name", "Alice", "email", "alice@example.com",
                "tenantId", "grad_alice", "groupId", credits)));
        String partnerId = alice.get("id").asText();
        String code = alice.get("referralCode").asText();

        // Two referrals pay while Alice is in the credits group: credit, no cash.
        for (String friend : List.of("grad_bob", "grad_carol")) {
            ok(api.post("/track/lead", Map.of("referralCode", code, "eventName", "Sign up",
                    "customerExternalId", friend, "customerEmail", friend + "@example.org")));
            ok(api.post("/track/sale", Map.of("customerExternalId", friend, "amount", 10_000,
                    "invoiceId", "inv-" + friend)));
        }
        assertThat(ReferralsIT.balance(api, "tenantId=grad_alice")).isEqualTo(1_000);
        assertThat(ok(api.get("/commissions?partnerId=" + partnerId))).isEmpty();
        assertThat(ok(api.get("/partners/" + partnerId)).get("groupId").asText()).isEqualTo(credits);

        // The third referral's signup meets the rule: Alice moves to the cash group.
        ok(api.post("/track/lead", Map.of("referralCode", code, "eventName", "Sign up",
                "customerExternalId", "grad_dave", "customerEmail", "grad_dave@example.org")));
        assertThat(ok(api.get("/partners/" + partnerId)).get("groupId").asText()).isEqualTo(cash);

        // Dave's first sale follows the new group: a 20% cash commission, and no more credit.
        ok(api.post("/track/sale", Map.of("customerExternalId", "grad_dave", "amount", 10_000,
                "invoiceId", "inv-grad_dave")));
        JsonNode commissions = ok(api.get("/commissions?partnerId=" + partnerId));
        assertThat(commissions).hasSize(1);
        assertThat(commissions.get(0).get("earnings").asLong()).isEqualTo(2_000);
        assertThat(commissions.get(0).get("type").asText()).isEqualTo("sale");
        assertThat(ReferralsIT.balance(api, "tenantId=grad_alice")).isEqualTo(1_000);
        assertThat(ReferralsIT.balance(api, "customerExternalId=grad_dave")).isZero();
    }
}
