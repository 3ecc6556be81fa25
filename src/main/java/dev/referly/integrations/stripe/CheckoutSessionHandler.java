package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.Customer;
import dev.referly.conversions.ProcessorSale;
import dev.referly.conversions.SaleService;
import dev.referly.shared.Money;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * checkout.session.completed. The customer is found, in order, by {@code client_reference_id}
 * {@code dub_id_<click>} (Payment Links, pricing tables: the customer is created from the click),
 * metadata {@code dubCustomerExternalId}, the Stripe customer id, the email; failing those, a
 * partner's promotion code creates it credited to the partner. The sale is
 * {@code amount_total - total_details.amount_tax} (see {@link StripeAmounts#checkout}), keyed by
 * the session's invoice when it has one so that invoice.paid for the same invoice records nothing
 * more. Unpaid and {@code setup} sessions record nothing.
 */
final class CheckoutSessionHandler implements EventHandler {
    static final String CLICK_PREFIX = "dub_id_";
    static final String CHECKOUT_LEAD = "Checkout session completed";
    static final String SALE_EVENT = "Purchase";

    private final Deps deps;

    CheckoutSessionHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode session) {
        String ws = ctx.workspaceId();
        if ("setup".equals(StripeJson.text(session, "mode"))) {
            return Outcome.ignored("a setup session takes no payment");
        }
        String paymentStatus = StripeJson.text(session, "payment_status");
        if (!"paid".equals(paymentStatus)) {
            return Outcome.ignored("payment_status is " + paymentStatus + ", not paid");
        }
        String sessionId = StripeJson.text(session, "id");
        String stripeCustomer = StripeJson.id(session, "customer");
        String email = StripeJson.first(StripeJson.text(session, "customer_details", "email"),
                StripeJson.text(session, "customer_email"));
        String name = StripeJson.text(session, "customer_details", "name");
        String externalId = EventHandler.externalIdIn(session);
        String reference = StripeJson.text(session, "client_reference_id");
        String clickId = reference != null && reference.startsWith(CLICK_PREFIX) && reference.length() > CLICK_PREFIX.length()
                ? reference.substring(CLICK_PREFIX.length()) : null;
        String promotionCode = promotionCode(session);
        String partnerLink = promotionCode == null ? null : DiscountCodes.linkOf(h, ws, promotionCode).orElse(null);

        Optional<Customer> customer = externalId != null ? deps.customers().byExternalId(h, ws, externalId)
                : Optional.empty();
        if (customer.isEmpty() && stripeCustomer != null) {
            customer = deps.customers().byStripeCustomerId(h, ws, stripeCustomer);
        }
        String newExternalId = StripeJson.first(externalId, stripeCustomer, email, sessionId);
        String how = "customer ";
        if (customer.isEmpty() && clickId != null) {
            customer = deps.leads().customerFromClick(h, ws, newExternalId, name, email, clickId, CHECKOUT_LEAD);
            if (customer.isEmpty()) {
                return Outcome.ignored("click " + clickId + " (client_reference_id) not found");
            }
            how = "customer created from click " + clickId + ": ";
        }
        if (customer.isEmpty() && email != null && externalId == null) {
            customer = deps.customers().byEmail(h, ws, email);
        }
        if (customer.isEmpty() && partnerLink != null) {
            customer = Optional.of(deps.customers().createForLink(h, ws, newExternalId, name, email, partnerLink));
            how = "customer created for promotion code " + promotionCode + ": ";
        }
        if (customer.isEmpty()) {
            if (stripeCustomer == null && externalId == null) {
                return Outcome.ignored("no referral: no " + CLICK_PREFIX + " client_reference_id, " + EXTERNAL_ID
                        + ", known customer, email or partner promotion code");
            }
            return Outcome.waiting("no Referly customer yet for " + (externalId != null ? "externalId " + externalId
                    : "Stripe customer " + stripeCustomer), Outcome.customerKey(stripeCustomer),
                    Outcome.externalKey(externalId));
        }
        Customer c = customer.get();
        if (stripeCustomer != null) {
            deps.customers().bindStripeCustomer(h, c, stripeCustomer, name, email);
        }
        if (partnerLink != null && (c.linkId() == null || !c.attributed())) {
            deps.customers().attributeToLink(h, c, partnerLink);
        }
        Money amount = StripeAmounts.checkout(session);
        String invoiceId = StripeJson.first(StripeJson.id(session, "invoice"), sessionId);
        String paymentIntent = StripeJson.id(session, "payment_intent");
        if (amount.minor() <= 0) {
            return Outcome.applied(how + c.id() + "; no sale: nothing was paid", Outcome.customerKey(stripeCustomer),
                    Outcome.externalKey(c.externalId()));
        }
        SaleService.RecordedSale sale = deps.sales().recordProcessorSale(h, ws, new ProcessorSale(c.id(), amount,
                SALE_EVENT, "stripe", invoiceId, paymentIntent, null, List.of(), null, partnerLink, null));
        deps.sales().addPaymentIds(h, ws, invoiceId, paymentIntent, null);
        return Outcome.applied(how + c.id() + "; " + (sale.inserted() ? "sale " + sale.saleId() + " recorded"
                        : "the sale for " + invoiceId + " was recorded already"),
                Outcome.customerKey(stripeCustomer), Outcome.externalKey(c.externalId()), Outcome.saleKey(invoiceId),
                Outcome.saleKey(paymentIntent));
    }

    /** The promotion code applied: {@code discounts[].promotion_code}, or the expanded breakdown of older versions. */
    static String promotionCode(JsonNode session) {
        JsonNode discounts = StripeJson.at(session, "discounts");
        if (discounts != null && discounts.isArray()) {
            for (JsonNode d : discounts) {
                String promo = StripeJson.id(d, "promotion_code");
                if (promo != null) {
                    return promo;
                }
            }
        }
        JsonNode breakdown = StripeJson.at(session, "total_details", "breakdown", "discounts");
        if (breakdown != null && breakdown.isArray()) {
            for (JsonNode d : breakdown) {
                String promo = StripeJson.id(d, "discount", "promotion_code");
                if (promo != null) {
                    return promo;
                }
            }
        }
        return null;
    }
}
