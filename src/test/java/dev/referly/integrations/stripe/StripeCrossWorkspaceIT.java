package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.ServerPerStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stripe events carry Referly ids in metadata and client_reference_id: an event arriving at
 * workspace B's endpoint that names workspace A's click (or A's customer) binds nothing, is
 * recorded as ignored with the reason, and leaves A's customers, leads and sales as they were.
 * The REST side of the same rule is http.CrossWorkspaceIdsIT.
 */
class StripeCrossWorkspaceIT extends ServerPerStore {

    @Test
    void anEventAtWorkspaceBNamingWorkspaceAsClickOrCustomerChangesNothing() {
        StripeFixture a = StripeFixture.connected(server);
        StripeFixture b = StripeFixture.connected(server);
        String clickOfA = a.linkAndClick()[1];
        String externalOfA = "stripe-a-" + StripeFixture.next();
        assertThat(a.api.post("/track/lead", Map.of("clickId", clickOfA, "eventName", "Sign up",
                "customerExternalId", externalOfA)).status()).isEqualTo(200);
        String customerOfA = a.customerByExternalId(externalOfA).get("id").asText();
        String before = viewOf(a);

        for (Map<String, String> metadata : List.of(Map.of("dubClickId", clickOfA),
                Map.of("dubCustomerExternalId", "new-in-b-" + StripeFixture.next(), "dubClickId", clickOfA),
                Map.of("dubCustomerId", customerOfA))) {
            String reason = b.deliver(b.event("customer.created", StripeFixture.customer(
                    "cus_b" + StripeFixture.next(), metadata)), "ignored").get("reason").asText();
            assertThat(reason).as(metadata.toString()).isNotEmpty();
        }
        ObjectNode session = StripeFixture.checkout("cus_bs" + StripeFixture.next(), 5_000);
        session.put("client_reference_id", "dub_id_" + clickOfA);
        assertThat(b.deliver(b.event("checkout.session.completed", session), "ignored").get("reason").asText())
                .contains("not found");

        assertThat(b.api.get("/customers").json()).isEmpty();
        assertThat(b.api.get("/events?event=sales&interval=all").json()).isEmpty();
        assertThat(viewOf(a)).isEqualTo(before);
    }

    private static String viewOf(StripeFixture f) {
        return f.api.get("/customers").body() + f.api.get("/events?event=leads&interval=all").body()
                + f.api.get("/events?event=sales&interval=all").body();
    }
}
