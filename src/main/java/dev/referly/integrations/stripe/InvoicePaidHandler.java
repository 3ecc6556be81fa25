package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.Customer;
import dev.referly.conversions.ProcessorSale;
import dev.referly.conversions.SaleService;
import dev.referly.shared.Money;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * invoice.paid: a sale of {@code total_excluding_tax} (else {@code amount_paid}) for the customer
 * bound to the invoice's Stripe customer, keyed by the invoice id (one invoice, one sale), with its
 * product lines and its payment intent and charge (where the API version still puts them on the
 * invoice; invoice_payment.paid supplies them otherwise). Renewals ({@code billing_reason}
 * subscription_cycle and the like) are recurring sales. Before the Stripe customer is bound, the
 * event waits for it.
 */
final class InvoicePaidHandler implements EventHandler {
    static final String SALE_EVENT = "Invoice paid";
    private static final Set<String> RENEWALS = Set.of("subscription_cycle", "subscription_update",
            "subscription_threshold");

    private final Deps deps;

    InvoicePaidHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode invoice) {
        String ws = ctx.workspaceId();
        String invoiceId = StripeJson.text(invoice, "id");
        if (invoiceId == null) {
            return Outcome.ignored("the invoice has no id");
        }
        Money amount = StripeAmounts.invoice(invoice);
        if (amount.minor() <= 0) {
            return Outcome.ignored("the invoice's amount is " + amount.minor() + ": no sale");
        }
        String stripeCustomer = StripeJson.id(invoice, "customer");
        Optional<Customer> customer = stripeCustomer == null ? Optional.empty()
                : deps.customers().byStripeCustomerId(h, ws, stripeCustomer);
        String externalId = StripeJson.first(EventHandler.externalIdIn(invoice),
                EventHandler.externalIdIn(StripeJson.at(invoice, "subscription_details")),
                EventHandler.externalIdIn(StripeJson.at(invoice, "parent", "subscription_details")));
        if (customer.isEmpty() && externalId != null) {
            customer = deps.customers().byExternalId(h, ws, externalId);
            if (customer.isPresent() && stripeCustomer != null) {
                deps.customers().bindStripeCustomer(h, customer.get(), stripeCustomer, null, null);
            }
        }
        if (customer.isEmpty()) {
            if (stripeCustomer == null && externalId == null) {
                return Outcome.ignored("the invoice names no customer");
            }
            return Outcome.waiting("waiting for Stripe customer " + stripeCustomer + " to be bound to a Referly customer"
                    + " (customer.created/updated with " + EXTERNAL_ID + ", or checkout.session.completed)",
                    Outcome.customerKey(stripeCustomer), Outcome.externalKey(externalId));
        }
        String paymentIntent = StripeJson.first(StripeJson.id(invoice, "payment_intent"), paymentOfType(invoice,
                "payment_intent"));
        String charge = StripeJson.first(StripeJson.id(invoice, "charge"), paymentOfType(invoice, "charge"));
        String reason = StripeJson.text(invoice, "billing_reason");
        Boolean recurring = reason == null ? null : RENEWALS.contains(reason) ? Boolean.TRUE
                : "subscription_create".equals(reason) ? Boolean.FALSE : null;
        String promotionCode = promotionCode(invoice);
        String partnerLink = promotionCode == null ? null : DiscountCodes.linkOf(h, ws, promotionCode).orElse(null);
        SaleService.RecordedSale sale = deps.sales().recordProcessorSale(h, ws, new ProcessorSale(customer.get().id(),
                amount, SALE_EVENT, "stripe", invoiceId, paymentIntent, charge, StripeAmounts.lines(invoice), recurring,
                partnerLink, null));
        if (!sale.inserted()) {
            deps.sales().addPaymentIds(h, ws, invoiceId, paymentIntent, charge);
        }
        return Outcome.applied(sale.inserted() ? "sale " + sale.saleId() + " recorded for customer " + sale.customerId()
                        : "the sale for " + invoiceId + " was recorded already (checkout.session.completed)",
                Outcome.saleKey(invoiceId), Outcome.saleKey(paymentIntent), Outcome.saleKey(charge),
                Outcome.customerKey(stripeCustomer));
    }

    /** Newer API versions list payments under {@code payments.data[].payment}. */
    private static String paymentOfType(JsonNode invoice, String type) {
        JsonNode payments = StripeJson.at(invoice, "payments", "data");
        if (payments != null && payments.isArray()) {
            for (JsonNode p : payments) {
                String id = StripeJson.id(p, "payment", type);
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    /** The promotion code, where the payload carries it: an expanded {@code discounts[]} or the older {@code discount}. */
    private static String promotionCode(JsonNode invoice) {
        JsonNode discounts = StripeJson.at(invoice, "discounts");
        if (discounts != null && discounts.isArray()) {
            for (JsonNode d : discounts) {
                String promo = d.isObject() ? StripeJson.id(d, "promotion_code") : null;
                if (promo != null) {
                    return promo;
                }
            }
        }
        return StripeJson.id(invoice, "discount", "promotion_code");
    }
}
