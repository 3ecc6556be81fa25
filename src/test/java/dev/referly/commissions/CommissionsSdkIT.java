package dev.referly.commissions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.rewards.RewardEvent;
import dev.referly.testing.DubSdkScript;
import dev.referly.testing.ServerPerStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official dub npm SDK's commissions and payouts calls against the real server
 * ({@code src/test/node/dub-commissions.mjs}); the SDK validates every response with its schemas.
 * Needs node and npm on PATH; installs the pinned SDK with {@code npm ci} when missing.
 */
class CommissionsSdkIT extends ServerPerStore {

    @Test
    void theDubSdkAcceptsCommissionsAndPayouts() throws Exception {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, ProgramFixture.flat(RewardEvent.LEAD, 500));
        f.reward(f.defaultGroupId, ProgramFixture.percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "sdk@partner.dev");
        f.lead(f.click(f.partnerLink(partner), null), "sdk-customer", "c@shop.dev", "Sign up");
        f.sale("sdk-customer", 10_000, "in_sdk_1", null);
        String commission = f.commissions("invoiceId=in_sdk_1").get(0).get("id").asText();
        f.api.post("/commissions", Map.of("partnerId", partner, "amount", 700));
        assertThat(f.api.post("/payouts/run", Map.of()).json()).hasSize(1);
        f.sale("sdk-customer", 5_000, "in_sdk_2", null); // pending, outside the payout
        String target = f.commissions("invoiceId=in_sdk_2").get(0).get("id").asText();

        DubSdkScript.passes("dub-commissions.mjs", "http://localhost:" + server.port(), f.apiKey,
                Map.of("COMMISSION_ID", target, "PARTNER_ID", partner));
        assertThat(commission).startsWith("cm_");
    }
}
