package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Stripe webhook receiver through real HTTP on both stores: signed events built from Stripe's
 * own objects, for the three set-ups (Payment Links, Checkout with an externalId, Customers with
 * metadata), amounts, line items, refunds, ordering, idempotency and signatures.
 */
class StripeWebhookIT extends ServerPerStore {
    static Map<String, String> md(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object[]> lines(Object... productAmount) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < productAmount.length; i += 2) {
            out.add(new Object[] {productAmount[i], ((Number) productAmount[i + 1]).longValue()});
        }
        return out;
    }

    // ---------------------------------------------------------------- connection and signatures

    @Test
    void theConnectionShowsWhatToPasteIntoStripeAndRotatesSecrets() {
        StripeFixture f = StripeFixture.connected(server);
        JsonNode c = StripeFixture.ok(f.api.get("/integrations/stripe"));
        assertThat(c.get("webhookUrl").asText()).endsWith("/integrations/stripe/webhook/" + f.workspaceId)
                .startsWith("http://localhost:");
        assertThat(c.get("mode").asText()).isEqualTo("live");
        assertThat(c.get("events").toString()).contains("checkout.session.completed", "invoice.paid", "charge.refunded");
        assertThat(c.get("secrets")).hasSize(1);
        assertThat(c.toString()).doesNotContain(f.secret);

        // A new secret: both verify during the rotation, the old one stops after the grace period.
        String old = f.secret;
        String rotated = StripeFixture.newSecret();
        JsonNode both = StripeFixture.ok(f.api.put("/integrations/stripe", Map.of("webhookSecret", rotated,
                "previousSecretsExpireInHours", 2)));
        assertThat(both.get("secrets")).hasSize(2);
        assertThat(both.get("secrets").get(0).get("expiresAt").isNull()).isTrue();
        assertThat(both.get("secrets").get(1).get("expiresAt").asText()).isNotEmpty();
        ObjectNode e1 = f.event("customer.created", StripeFixture.customer("cus_rot" + StripeFixture.next(), md()));
        f.deliver(e1, "ignored"); // f.secret is still the old one
        f.secret = rotated;
        f.deliver(f.event("customer.created", StripeFixture.customer("cus_rot" + StripeFixture.next(), md())), "ignored");
        server.clock().advance(Duration.ofHours(3));
        f.secret = old;
        assertThat(f.deliver(f.event("customer.created", StripeFixture.customer("cus_x", md()))).status())
                .isEqualTo(400);

        assertThat(f.api.put("/integrations/stripe", Map.of("webhookSecret", "sk_live_nope")).status()).isEqualTo(422);
        assertThat(f.api.put("/integrations/stripe", Map.of("mode", "staging")).status()).isEqualTo(422);
        StripeFixture.ok(f.api.delete("/integrations/stripe"));
        assertThat(f.api.get("/integrations/stripe").status()).isEqualTo(404);
        f.secret = rotated;
        assertThat(f.deliver(f.event("customer.created", StripeFixture.customer("cus_y", md()))).status())
                .isEqualTo(404);
        // The events received stay listed after a disconnect.
        assertThat(f.events("")).hasSize(2);
        Http.Response fresh = f.api.put("/integrations/stripe", Map.of("mode", "test"));
        assertThat(fresh.status()).isEqualTo(422); // connecting needs a secret
    }

    @Test
    void badAndStaleSignaturesAre400AndChangeNothing() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        ObjectNode session = StripeFixture.checkout("cus_sig" + StripeFixture.next(), 5_000);
        session.put("client_reference_id", "dub_id_" + lc[1]);
        String payload = f.payload(f.event("checkout.session.completed", session));
        long now = server.clock().millis() / 1000;
        String path = f.webhookPath();

        assertThat(f.post(path, payload, null).status()).isEqualTo(400);
        assertThat(f.post(path, payload, StripeFixture.signature(payload, "whsec_wrong", now)).status()).isEqualTo(400);
        assertThat(f.post(path, payload.replace("5000", "9000"), StripeFixture.signature(payload, f.secret, now))
                .status()).isEqualTo(400);
        Http.Response stale = f.post(path, payload, StripeFixture.signature(payload, f.secret, now - 301));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.json().at("/error/code").asText()).isEqualTo("bad_request");
        assertThat(f.post(path, payload, "t=" + now + ",v1=00").status()).isEqualTo(400);
        assertThat(f.post(path, payload, "garbage").status()).isEqualTo(400);
        assertThat(f.events("")).isEmpty();
        assertThat(f.salesCount()).isZero();

        // Four minutes old is within the tolerance.
        Http.Response ok = f.post(path, payload, StripeFixture.signature(payload, f.secret, now - 240));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(f.salesCount()).isEqualTo(1);
        // Another workspace's secret does not verify this workspace's endpoint.
        StripeFixture other = StripeFixture.connected(server);
        assertThat(f.post(path, payload, StripeFixture.signature(payload, other.secret, now)).status()).isEqualTo(400);
    }

    @Test
    void testModeEventsOnALiveConnectionAreAcknowledgedAndIgnored() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        ObjectNode session = StripeFixture.checkout("cus_tm" + StripeFixture.next(), 5_000);
        session.put("client_reference_id", "dub_id_" + lc[1]);
        ObjectNode event = f.event("checkout.session.completed", session);
        event.put("livemode", false);
        JsonNode answer = f.deliver(event, "ignored");
        assertThat(answer.get("reason").asText()).contains("test-mode");
        assertThat(f.salesCount()).isZero();
        JsonNode listed = f.events("state=ignored");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("reason").asText()).contains("test-mode event on a live connection");
        assertThat(f.deliver(event, "ignored").get("duplicate").asBoolean()).isTrue();
        // Unused event types are acknowledged too.
        f.deliver(f.event("plan.created", StripeFixture.fixture("price")), "ignored");
    }

    // ---------------------------------------------------------------- the three set-ups

    @Test
    void paymentLinksWithAClientReferenceIdCreateTheCustomerFromTheClick() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String stripeCustomer = "cus_pl" + StripeFixture.next();
        ObjectNode session = StripeFixture.checkout(stripeCustomer, 4_900);
        session.put("client_reference_id", "dub_id_" + lc[1]);
        session.put("payment_link", "plink_" + StripeFixture.next());
        ((ObjectNode) session.get("customer_details")).put("email", "payer@customer.example");
        ObjectNode event = f.event("checkout.session.completed", session);
        JsonNode answer = f.deliver(event, "applied");
        assertThat(answer.get("duplicate").asBoolean()).isFalse();

        JsonNode customer = f.customerByExternalId(stripeCustomer);
        assertThat(customer.get("stripeCustomerId").asText()).isEqualTo(stripeCustomer);
        assertThat(customer.get("email").asText()).isEqualTo("payer@customer.example");
        JsonNode sales = f.sales();
        assertThat(sales).hasSize(1);
        assertThat(sales.get(0).at("/sale/amount").asLong()).isEqualTo(4_900);
        assertThat(sales.get(0).at("/sale/paymentProcessor").asText()).isEqualTo("stripe");
        assertThat(sales.get(0).at("/sale/invoiceId").asText()).isEqualTo(session.get("id").asText());
        assertThat(sales.get(0).at("/link/id").asText()).isEqualTo(lc[0]);
        JsonNode link = f.api.get("/links/" + lc[0]).json();
        assertThat(link.get("leads").asLong()).isEqualTo(1);
        assertThat(link.get("sales").asLong()).isEqualTo(1);
        assertThat(link.get("saleAmount").asLong()).isEqualTo(4_900);
        assertThat(f.api.get("/events?event=leads&interval=all").json().get(0).get("eventName").asText())
                .isEqualTo("Checkout session completed");

        // Stripe redelivers: acknowledged, nothing recorded again.
        JsonNode again = f.deliver(event, "applied");
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(f.salesCount()).isEqualTo(1);
        assertThat(f.api.get("/links/" + lc[0]).json().get("saleAmount").asLong()).isEqualTo(4_900);
        assertThat(f.events("")).hasSize(1);
        assertThat(f.events("").get(0).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void checkoutWithMetadataExternalIdCreditsTheTrackedCustomerWithoutTax() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String externalId = "user-" + StripeFixture.next();
        StripeFixture.ok(f.api.post("/track/lead", Map.of("clickId", lc[1], "eventName", "Sign up",
                "customerExternalId", externalId, "customerEmail", externalId + "@example.com")));
        String stripeCustomer = "cus_co" + StripeFixture.next();
        ObjectNode session = StripeFixture.checkout(stripeCustomer, 11_000);
        ((ObjectNode) session.get("total_details")).put("amount_tax", 1_000);
        ((ObjectNode) session.get("metadata")).put("dubCustomerExternalId", externalId);
        f.deliver(f.event("checkout.session.completed", session), "applied");

        JsonNode customer = f.customerByExternalId(externalId);
        assertThat(customer.get("stripeCustomerId").asText()).isEqualTo(stripeCustomer);
        assertThat(customer.get("saleAmount").asLong()).isEqualTo(10_000);
        assertThat(f.sales().get(0).at("/sale/amount").asLong()).isEqualTo(10_000);
        assertThat(f.api.get("/links/" + lc[0]).json().get("leads").asLong()).isEqualTo(1); // no extra lead

        // Unpaid and setup sessions record nothing.
        ObjectNode unpaid = StripeFixture.checkout(stripeCustomer, 3_000);
        unpaid.put("payment_status", "unpaid");
        ((ObjectNode) unpaid.get("metadata")).put("dubCustomerExternalId", externalId);
        assertThat(f.deliver(f.event("checkout.session.completed", unpaid), "ignored").get("reason").asText())
                .contains("unpaid");
        ObjectNode setup = StripeFixture.checkout(stripeCustomer, 0);
        setup.put("mode", "setup");
        f.deliver(f.event("checkout.session.completed", setup), "ignored");
        assertThat(f.salesCount()).isEqualTo(1);

        // The legacy dubCustomerId works the same.
        ObjectNode legacy = StripeFixture.checkout(null, 2_000);
        ((ObjectNode) legacy.get("metadata")).put("dubCustomerId", externalId);
        f.deliver(f.event("checkout.session.completed", legacy), "applied");
        assertThat(f.customerByExternalId(externalId).get("saleAmount").asLong()).isEqualTo(12_000);
    }

    @Test
    void customersWithMetadataAreCreatedFromTheClickAndTheirInvoicesAreSales() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String externalId = "user-" + StripeFixture.next();
        String stripeCustomer = "cus_cu" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                externalId, "dubClickId", lc[1]))), "applied");
        JsonNode customer = f.customerByExternalId(externalId);
        assertThat(customer.get("stripeCustomerId").asText()).isEqualTo(stripeCustomer);
        assertThat(customer.get("name").asText()).isEqualTo("Customer " + stripeCustomer);
        JsonNode leads = f.api.get("/events?event=leads&interval=all").json();
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("eventName").asText()).isEqualTo("New customer");
        assertThat(leads.get(0).at("/link/id").asText()).isEqualTo(lc[0]);

        // The first invoice (subscription_create) is a new sale, without its tax.
        ObjectNode first = StripeFixture.invoice(stripeCustomer, lines("prod_basic", 2_000));
        first.put("total", 2_400);
        first.put("amount_paid", 2_400);
        f.deliver(f.event("invoice.paid", first), "applied");
        String firstId = first.get("id").asText();
        assertThat(f.sales().get(0).at("/sale/amount").asLong()).isEqualTo(2_000);
        assertThat(f.sales().get(0).at("/sale/invoiceId").asText()).isEqualTo(firstId);
        assertThat(f.saleColumn(firstId, "recurring")).isIn(false, 0, 0L);
        // The renewal is a recurring sale.
        ObjectNode renewal = StripeFixture.invoice(stripeCustomer, lines("prod_basic", 2_000));
        renewal.put("billing_reason", "subscription_cycle");
        f.deliver(f.event("invoice.paid", renewal), "applied");
        assertThat(f.saleColumn(renewal.get("id").asText(), "recurring")).isIn(true, 1, 1L);
        assertThat(f.customerByExternalId(externalId).get("saleAmount").asLong()).isEqualTo(4_000);
        // Without total_excluding_tax, amount_paid counts.
        ObjectNode older = StripeFixture.invoice(stripeCustomer, lines("prod_basic", 1_500));
        older.remove("total_excluding_tax");
        f.deliver(f.event("invoice.paid", older), "applied");
        assertThat(f.customerByExternalId(externalId).get("saleAmount").asLong()).isEqualTo(5_500);

        // customer.updated binds an existing customer to another Stripe customer; no new lead.
        String second = "cus_cu" + StripeFixture.next();
        f.deliver(f.event("customer.updated", StripeFixture.customer(second, md("dubCustomerExternalId", externalId))),
                "applied");
        assertThat(f.customerByExternalId(externalId).get("stripeCustomerId").asText()).isEqualTo(second);
        assertThat(f.api.get("/events?event=leads&interval=all").json()).hasSize(1);
        // Neither metadata nor a click: nothing to bind.
        f.deliver(f.event("customer.created", StripeFixture.customer("cus_plain" + StripeFixture.next(), md())),
                "ignored");
        // An unknown click: ignored, with the reason.
        assertThat(f.deliver(f.event("customer.created", StripeFixture.customer("cus_u" + StripeFixture.next(),
                md("dubCustomerExternalId", "nobody-" + StripeFixture.next(), "dubClickId", "nope0000nope0000"))),
                "ignored").get("reason").asText()).contains("not found");

        // The subscription ends.
        ObjectNode ended = StripeFixture.subscription(second, "canceled", 1);
        ended.put("ended_at", server.clock().millis() / 1000);
        f.deliver(f.event("customer.subscription.deleted", ended), "applied");
        assertThat(f.customerByExternalId(externalId).get("subscriptionCanceledAt").asText()).isNotEmpty();
    }

    // ---------------------------------------------------------------- amounts

    @Test
    void adaptivePricingCountsTheSourceCurrencyAmountAndOtherCurrenciesAreConverted() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String externalId = "ap-" + StripeFixture.next();
        StripeFixture.ok(f.api.post("/track/lead", Map.of("clickId", lc[1], "eventName", "Sign up",
                "customerExternalId", externalId)));
        // The customer paid EUR 92.00 (incl. EUR 9.20 tax) for a USD 100.00 price at 0.92 EUR per USD.
        ObjectNode adaptive = StripeFixture.checkout(null, 9_200);
        adaptive.put("currency", "eur");
        ((ObjectNode) adaptive.get("total_details")).put("amount_tax", 920);
        ((ObjectNode) adaptive.get("metadata")).put("dubCustomerExternalId", externalId);
        adaptive.putObject("currency_conversion").put("amount_subtotal", 9_000).put("amount_total", 10_000)
                .put("fx_rate", "0.92").put("source_currency", "usd");
        f.deliver(f.event("checkout.session.completed", adaptive), "applied");
        String adaptiveId = adaptive.get("id").asText();
        assertThat(f.saleColumn(adaptiveId, "amount")).isIn(9_000L, 9_000);
        assertThat(f.saleColumn(adaptiveId, "original_currency")).isEqualTo("usd");

        // Without Adaptive Pricing, EUR is converted at the recorded rates, as /track/sale does.
        ObjectNode euros = StripeFixture.checkout(null, 5_000);
        euros.put("currency", "eur");
        ((ObjectNode) euros.get("metadata")).put("dubCustomerExternalId", externalId);
        f.deliver(f.event("checkout.session.completed", euros), "applied");
        StripeFixture.ok(f.api.post("/track/sale", Map.of("customerExternalId", externalId, "amount", 5_000,
                "currency", "eur", "invoiceId", "compare-" + StripeFixture.next())));
        JsonNode sales = f.sales();
        assertThat(sales.get(0).at("/sale/amount").asLong()).isEqualTo(sales.get(1).at("/sale/amount").asLong());
        assertThat(((Number) f.saleColumn(euros.get("id").asText(), "amount")).longValue()).isNotEqualTo(5_000L);
        assertThat(f.saleColumn(euros.get("id").asText(), "original_currency")).isEqualTo("eur");
    }

    @Test
    void lineItemsEarnProductRates() {
        StripeFixture f = StripeFixture.connected(server);
        String[] partner = f.partnerWithLineItemReward();
        String click = f.click(partner[1]);
        String stripeCustomer = "cus_li" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                "li-" + StripeFixture.next(), "dubClickId", click))), "applied");
        // $100 of prod_gold at 40% + $50 of prod_silver at 10% = $45.
        ObjectNode invoice = StripeFixture.invoice(stripeCustomer, lines("prod_gold", 10_000, "prod_silver", 5_000));
        f.deliver(f.event("invoice.paid", invoice), "applied");
        JsonNode commissions = f.commissions("partnerId=" + partner[0] + "&type=sale");
        assertThat(commissions).hasSize(1);
        assertThat(commissions.get(0).get("earnings").asLong()).isEqualTo(4_500);
        assertThat(commissions.get(0).get("amount").asLong()).isEqualTo(15_000);
        assertThat(commissions.get(0).get("invoiceId").asText()).isEqualTo(invoice.get("id").asText());
        assertThat(f.saleColumn(invoice.get("id").asText(), "line_items").toString()).contains("prod_gold");
    }

    // ---------------------------------------------------------------- one invoice, one sale

    @Test
    void oneInvoiceIsOneSaleWhenCheckoutAndInvoicePaidBothArrive() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String stripeCustomer = "cus_one" + StripeFixture.next();
        ObjectNode invoice = StripeFixture.invoice(stripeCustomer, lines("prod_basic", 3_000));
        invoice.put("charge", "ch_one" + StripeFixture.next()); // older API versions put the charge on the invoice
        ObjectNode session = StripeFixture.checkout(stripeCustomer, 3_000);
        session.put("mode", "subscription");
        session.putNull("payment_intent");
        session.put("invoice", invoice.get("id").asText());
        session.put("client_reference_id", "dub_id_" + lc[1]);
        f.deliver(f.event("checkout.session.completed", session), "applied");
        JsonNode second = f.deliver(f.event("invoice.paid", invoice), "applied");
        assertThat(second.get("reason").asText()).contains("recorded already");
        assertThat(f.salesCount()).isEqualTo(1);
        assertThat(f.sales().get(0).at("/sale/invoiceId").asText()).isEqualTo(invoice.get("id").asText());
        assertThat(f.api.get("/links/" + lc[0]).json().get("saleAmount").asLong()).isEqualTo(3_000);
        // The invoice supplied the charge the checkout did not know, so a refund finds the sale.
        assertThat(f.saleColumn(invoice.get("id").asText(), "stripe_charge_id")).isEqualTo(invoice.get("charge").asText());
    }

    // ---------------------------------------------------------------- refunds

    @Test
    void refundsReduceCommissionsProRataAndAFullRefundMarksThemRefunded() {
        StripeFixture f = StripeFixture.connected(server);
        String[] partner = f.partnerWithLineItemReward();
        String stripeCustomer = "cus_rf" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                "rf-" + StripeFixture.next(), "dubClickId", f.click(partner[1])))), "applied");

        // Invoice one (new API: its payment intent comes with invoice_payment.paid), refunded in two parts.
        ObjectNode one = StripeFixture.invoice(stripeCustomer, lines("prod_silver", 10_000));
        f.deliver(f.event("invoice.paid", one), "applied");
        String pi = "pi_rf" + StripeFixture.next();
        ObjectNode payment = StripeFixture.fixture("invoice_payment");
        payment.put("invoice", one.get("id").asText());
        payment.put("status", "paid");
        payment.putObject("payment").put("type", "payment_intent").put("payment_intent", pi);
        f.deliver(f.event("invoice_payment.paid", payment), "applied");
        String chargeId = "ch_rf" + StripeFixture.next();
        String query = "partnerId=" + partner[0] + "&invoiceId=" + one.get("id").asText() + "&sortOrder=asc";
        assertThat(f.commissions(query).get(0).get("earnings").asLong()).isEqualTo(1_000);

        JsonNode partial = f.deliver(f.event("charge.refunded", StripeFixture.charge(chargeId, pi, 10_000, 2_500)),
                "applied");
        assertThat(partial.get("reason").asText()).contains("corrected");
        JsonNode afterPartial = f.commissions(query);
        assertThat(afterPartial).hasSize(2);
        assertThat(afterPartial.get(1).get("earnings").asLong()).isEqualTo(-250);
        assertThat(afterPartial.get(0).get("status").asText()).isEqualTo("pending");
        // The same refund event again, and an older running total, change nothing.
        f.deliver(f.event("charge.refunded", StripeFixture.charge(chargeId, pi, 10_000, 2_500)), "applied");
        assertThat(f.commissions(query)).hasSize(2);

        // The rest is refunded: the whole entry is refunded, its partial correction with it.
        f.deliver(f.event("charge.refunded", StripeFixture.charge(chargeId, pi, 10_000, 10_000)), "applied");
        JsonNode afterFull = f.commissions(query);
        assertThat(afterFull.get(0).get("status").asText()).isEqualTo("refunded");
        assertThat(afterFull.get(1).get("status").asText()).isEqualTo("refunded");
        assertThat(f.api.get("/partners/" + partner[0]).json().get("totalCommissions").asLong()).isZero();

        // Invoice two (older API: the charge is on the invoice), refunded in full at once.
        ObjectNode two = StripeFixture.invoice(stripeCustomer, lines("prod_gold", 5_000));
        String charge2 = "ch_rf" + StripeFixture.next();
        two.put("charge", charge2);
        two.put("billing_reason", "subscription_cycle");
        f.deliver(f.event("invoice.paid", two), "applied");
        assertThat(f.commissions("invoiceId=" + two.get("id").asText()).get(0).get("earnings").asLong()).isEqualTo(2_000);
        f.deliver(f.event("charge.refunded", StripeFixture.charge(charge2, null, 5_000, 5_000)), "applied");
        JsonNode refunded = f.commissions("invoiceId=" + two.get("id").asText());
        assertThat(refunded).hasSize(1);
        assertThat(refunded.get(0).get("status").asText()).isEqualTo("refunded");
    }

    // ---------------------------------------------------------------- out of order

    @Test
    void outOfOrderEventsWaitAndAreAppliedWhenWhatTheyNeedArrives() {
        StripeFixture f = StripeFixture.connected(server);
        String[] partner = f.partnerWithLineItemReward();
        String click = f.click(partner[1]);
        String stripeCustomer = "cus_ooo" + StripeFixture.next();
        String chargeId = "ch_ooo" + StripeFixture.next();
        ObjectNode invoice = StripeFixture.invoice(stripeCustomer, lines("prod_gold", 10_000));
        invoice.put("charge", chargeId);
        ObjectNode refund = StripeFixture.charge(chargeId, null, 10_000, 5_000);
        refund.put("invoice", invoice.get("id").asText());

        // The refund arrives first, then the invoice, and only then the customer's binding.
        ObjectNode refundEvent = f.event("charge.refunded", refund);
        ObjectNode invoiceEvent = f.event("invoice.paid", invoice);
        assertThat(f.deliver(refundEvent, "waiting").get("reason").asText()).contains(chargeId);
        assertThat(f.deliver(invoiceEvent, "waiting").get("reason").asText()).contains(stripeCustomer);
        assertThat(f.events("state=waiting")).hasSize(2);
        assertThat(f.salesCount()).isZero();
        // A redelivery of a waiting event does not run it again.
        assertThat(f.deliver(invoiceEvent, "waiting").get("duplicate").asBoolean()).isTrue();

        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                "ooo-" + StripeFixture.next(), "dubClickId", click))), "applied");
        assertThat(f.events("state=waiting")).isEmpty();
        assertThat(f.storedEvent(invoiceEvent.get("id").asText()).get("state").asText()).isEqualTo("applied");
        assertThat(f.storedEvent(refundEvent.get("id").asText()).get("state").asText()).isEqualTo("applied");
        assertThat(f.salesCount()).isEqualTo(1);
        JsonNode commissions = f.commissions("partnerId=" + partner[0] + "&type=sale&sortOrder=asc");
        assertThat(commissions).hasSize(2);
        assertThat(commissions.get(0).get("earnings").asLong()).isEqualTo(4_000);
        assertThat(commissions.get(1).get("earnings").asLong()).isEqualTo(-2_000);
        JsonNode stored = f.storedEvent(refundEvent.get("id").asText());
        // received (waiting), looked at once more right after it was stored, then applied when its sale came
        assertThat(stored.get("attempts").asInt()).isEqualTo(3);
        assertThat(stored.at("/event/data/object/id").asText()).isEqualTo(chargeId);

        // An event that never gets what it needs is given up after a week.
        f.deliver(f.event("invoice.paid", StripeFixture.invoice("cus_never" + StripeFixture.next(),
                lines("prod_basic", 100))), "waiting");
        server.clock().advance(Duration.ofDays(8));
        JsonNode given = f.events("state=ignored");
        assertThat(given).hasSize(1);
        assertThat(given.get(0).get("reason").asText()).startsWith("gave up after 7 days");
    }

    // ---------------------------------------------------------------- failures and retries

    @Test
    void aFailingHandlerAnswers500IsListedAsFailedAndCanBeRunAgain() {
        StripeFixture f = StripeFixture.connected(server);
        String[] lc = f.linkAndClick();
        String stripeCustomer = "cus_fail" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                "fail-" + StripeFixture.next(), "dubClickId", lc[1]))), "applied");
        // No exchange rate is known for XOF: recording the sale fails.
        ObjectNode invoice = StripeFixture.invoice(stripeCustomer, lines("prod_basic", 10_000));
        invoice.put("currency", "xof");
        ObjectNode event = f.event("invoice.paid", invoice);
        Http.Response failed = f.deliver(event);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("internal_server_error");
        assertThat(f.salesCount()).isZero();
        JsonNode listed = f.events("state=failed");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("reason").asText()).contains("xof");
        // Stripe retries: it fails again, and says so again.
        assertThat(f.deliver(event).status()).isEqualTo(500);
        assertThat(f.events("state=failed").get(0).get("attempts").asInt()).isEqualTo(2);

        // The admin imports a rate and runs it again.
        f.jdbi().useHandle(h -> h.createUpdate("INSERT INTO fx_rates (currency, effective_date, usd_per_unit)"
                + " VALUES ('xof', '2000-01-01', '0.0016')").execute());
        JsonNode retried = StripeFixture.ok(f.api.post("/integrations/stripe/events/" + event.get("id").asText()
                + "/retry", Map.of()));
        assertThat(retried.get("state").asText()).isEqualTo("applied");
        assertThat(retried.get("attempts").asInt()).isEqualTo(3);
        // XOF has no minor unit: 10,000 XOF x 0.0016 = $16.00.
        assertThat(f.saleColumn(invoice.get("id").asText(), "amount")).isIn(1_600L, 1_600);
        // Applied events are not run twice; the next delivery is a duplicate.
        assertThat(f.api.post("/integrations/stripe/events/" + event.get("id").asText() + "/retry", Map.of()).status())
                .isEqualTo(409);
        assertThat(f.deliver(event, "applied").get("duplicate").asBoolean()).isTrue();
        assertThat(f.salesCount()).isEqualTo(1);
        assertThat(f.api.get("/integrations/stripe/events?state=done").status()).isEqualTo(422);
        assertThat(f.api.get("/integrations/stripe/events?pageSize=101").status()).isEqualTo(422);
        assertThat(f.api.post("/integrations/stripe/events/evt_nope/retry", Map.of()).status()).isEqualTo(404);
        // Another workspace sees none of it.
        assertThat(server.otherApi().get("/integrations/stripe/events/" + event.get("id").asText()).status())
                .isEqualTo(404);
        assertThat(server.otherApi().post("/integrations/stripe/events/" + event.get("id").asText() + "/retry",
                Map.of()).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- trials, promotion codes, shared endpoint

    @Test
    void trialsAreLeadsWithSourceTrialOnePerSeatWhenAskedFor() {
        StripeFixture f = StripeFixture.connected(server, Map.of("trackFreeTrials", true, "trackTrialQuantity", true));
        String[] lc = f.linkAndClick();
        String stripeCustomer = "cus_tr" + StripeFixture.next();
        f.deliver(f.event("customer.created", StripeFixture.customer(stripeCustomer, md("dubCustomerExternalId",
                "tr-" + StripeFixture.next(), "dubClickId", lc[1]))), "applied");
        f.deliver(f.event("customer.subscription.created", StripeFixture.subscription(stripeCustomer, "trialing", 3)),
                "applied");
        JsonNode link = f.api.get("/links/" + lc[0]).json();
        assertThat(link.get("leads").asLong()).isEqualTo(1 + 3);
        String source = f.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT source FROM leads WHERE link_id = :l"
                + " AND event_name = 'Started Trial'").bind("l", lc[0]).mapTo(String.class).one());
        assertThat(source).isEqualTo("trial");
        // Active subscriptions are not trials.
        f.deliver(f.event("customer.subscription.created", StripeFixture.subscription(stripeCustomer, "active", 1)),
                "ignored");

        StripeFixture off = StripeFixture.connected(server);
        String[] lc2 = off.linkAndClick();
        String other = "cus_tr" + StripeFixture.next();
        off.deliver(off.event("customer.created", StripeFixture.customer(other, md("dubCustomerExternalId",
                "tr-" + StripeFixture.next(), "dubClickId", lc2[1]))), "applied");
        assertThat(off.deliver(off.event("customer.subscription.created", StripeFixture.subscription(other, "trialing", 3)),
                "ignored").get("reason").asText()).contains("trackFreeTrials");
        // Without quantity tracking, one lead.
        StripeFixture.ok(off.api.put("/integrations/stripe", Map.of("trackFreeTrials", true)));
        off.deliver(off.event("customer.subscription.created", StripeFixture.subscription(other, "trialing", 3)),
                "applied");
        assertThat(off.api.get("/links/" + lc2[0]).json().get("leads").asLong()).isEqualTo(2);
    }

    @Test
    void aPartnersPromotionCodeCreditsTheSaleToThePartner() {
        StripeFixture f = StripeFixture.connected(server);
        String[] partner = f.partnerWithLineItemReward();
        String promo = "promo_" + StripeFixture.next();
        JsonNode mapped = StripeFixture.ok(f.api.put("/integrations/stripe/promotion-codes/" + promo,
                Map.of("partnerId", partner[0], "code", "ALEX20")));
        assertThat(mapped.get("partnerId").asText()).isEqualTo(partner[0]);
        assertThat(f.api.get("/integrations/stripe/promotion-codes").json()).hasSize(1);
        assertThat(f.api.put("/integrations/stripe/promotion-codes/FALL20", Map.of("partnerId", partner[0])).status())
                .isEqualTo(422);
        assertThat(f.api.put("/integrations/stripe/promotion-codes/promo_x", Map.of("partnerId", "pn_nope")).status())
                .isEqualTo(404);
        assertThat(server.otherApi().put("/integrations/stripe/promotion-codes/promo_y",
                Map.of("partnerId", partner[0])).status()).isEqualTo(404);

        String stripeCustomer = "cus_promo" + StripeFixture.next();
        ObjectNode session = StripeFixture.checkout(stripeCustomer, 8_000);
        session.putArray("discounts").addObject().putNull("coupon").put("promotion_code", promo);
        f.deliver(f.event("checkout.session.completed", session), "applied");
        JsonNode commissions = f.commissions("partnerId=" + partner[0] + "&type=sale");
        assertThat(commissions).hasSize(1);
        assertThat(commissions.get(0).get("earnings").asLong()).isEqualTo(800);
        // The customer stays the partner's: a later invoice without the code is credited too.
        ObjectNode renewal = StripeFixture.invoice(stripeCustomer, lines("prod_silver", 8_000));
        renewal.put("billing_reason", "subscription_cycle");
        f.deliver(f.event("invoice.paid", renewal), "applied");
        assertThat(f.commissions("partnerId=" + partner[0] + "&type=sale")).hasSize(2);

        StripeFixture.ok(f.api.delete("/integrations/stripe/promotion-codes/" + promo));
        assertThat(f.api.delete("/integrations/stripe/promotion-codes/" + promo).status()).isEqualTo(404);
        ObjectNode unmapped = StripeFixture.checkout("cus_promo" + StripeFixture.next(), 8_000);
        unmapped.putArray("discounts").addObject().put("promotion_code", promo);
        ((ObjectNode) unmapped.get("customer_details")).put("email", "stranger@example.com");
        f.deliver(f.event("checkout.session.completed", unmapped), "waiting");
        assertThat(f.commissions("partnerId=" + partner[0] + "&type=sale")).hasSize(2);
    }

    @Test
    void theSharedEndpointFindsTheWorkspaceByTheConnectedAccount() {
        String account = "acct_" + StripeFixture.next();
        StripeFixture f = StripeFixture.connected(server, Map.of("accountId", account));
        String[] lc = f.linkAndClick();
        ObjectNode session = StripeFixture.checkout("cus_sh" + StripeFixture.next(), 1_000);
        session.put("client_reference_id", "dub_id_" + lc[1]);
        ObjectNode event = f.event("checkout.session.completed", session);
        event.put("account", account);
        String payload = f.payload(event);
        long now = server.clock().millis() / 1000;
        Http.Response r = f.post("/integrations/stripe/webhook", payload, StripeFixture.signature(payload, f.secret, now));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).isEqualTo("applied");
        assertThat(f.salesCount()).isEqualTo(1);
        assertThat(StripeFixture.ok(f.api.get("/integrations/stripe")).get("sharedWebhookUrl").asText())
                .endsWith("/integrations/stripe/webhook");

        ObjectNode unknown = f.event("checkout.session.completed", session);
        unknown.put("account", "acct_unknown");
        String p2 = f.payload(unknown);
        assertThat(f.post("/integrations/stripe/webhook", p2, StripeFixture.signature(p2, f.secret, now)).status())
                .isEqualTo(404);
        // Another workspace cannot claim the same account.
        StripeFixture other = StripeFixture.connected(server);
        assertThat(other.api.put("/integrations/stripe", Map.of("accountId", account)).status()).isEqualTo(409);
    }
}
