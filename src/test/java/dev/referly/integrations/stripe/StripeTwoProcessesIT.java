package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Referly processes on one PostgreSQL database, behind one Stripe endpoint: Stripe's
 * redeliveries of an event land on both at once, and the event is applied once.
 */
class StripeTwoProcessesIT {
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        a = TestServer.start(Store.POSTGRES);
        b = a.sibling(c -> c);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void anEventDeliveredToBothProcessesAtOnceIsAppliedOnce() throws Exception {
        StripeFixture f = StripeFixture.connected(a);
        String[] partner = f.partnerWithLineItemReward();
        String stripeCustomer = "cus_2p" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, java.util.Map.of(
                "dubCustomerExternalId", "two-" + StripeFixture.next(), "dubClickId", f.click(partner[1])))), "applied");

        for (int round = 0; round < 3; round++) {
            ObjectNode invoice = StripeFixture.invoice(stripeCustomer, StripeWebhookIT.lines("prod_gold", 10_000));
            String payload = f.payload(f.event("invoice.paid", invoice));
            String signature = StripeFixture.signature(payload, f.secret, a.clock().millis() / 1000);
            List<String> bases = List.of(a.api().base(), b.api().base());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Http.Response> answers = new ArrayList<>();
            try {
                List<Callable<Http.Response>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Http to = new Http(bases.get(i % 2), null);
                    calls.add(() -> to.send("POST", f.webhookPath(), payload, Map.of("Stripe-Signature", signature)));
                }
                for (Future<Http.Response> r : pool.invokeAll(calls)) {
                    answers.add(r.get());
                }
            } finally {
                pool.shutdown();
            }
            assertThat(answers).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.json().get("state").asText()).isEqualTo("applied");
            });
            assertThat(answers.stream().filter(r -> !r.json().get("duplicate").asBoolean())).hasSize(1);
            assertThat(f.commissions("partnerId=" + partner[0] + "&invoiceId=" + invoice.get("id").asText()))
                    .hasSize(1);
        }
        assertThat(f.salesCount()).isEqualTo(3);
        assertThat(f.events("type=invoice.paid")).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("attempts").asInt()).isEqualTo(1));
    }
}
