package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Handle;

/**
 * invoice_payment.paid (API versions from 2025-03-31 on, where invoices no longer carry their
 * payment intent or charge): keeps the payment's ids on the invoice's sale so that refunds find it.
 */
final class InvoicePaymentPaidHandler implements EventHandler {
    private final Deps deps;

    InvoicePaymentPaidHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode payment) {
        String invoice = StripeJson.id(payment, "invoice");
        String paymentIntent = StripeJson.id(payment, "payment", "payment_intent");
        String charge = StripeJson.id(payment, "payment", "charge");
        if (invoice == null || (paymentIntent == null && charge == null)) {
            return Outcome.ignored("no invoice or no payment intent/charge to keep");
        }
        if (!deps.sales().addPaymentIds(h, ctx.workspaceId(), invoice, paymentIntent, charge)) {
            return Outcome.waiting("waiting for the sale of invoice " + invoice, Outcome.saleKey(invoice));
        }
        return Outcome.applied("payment ids kept on the sale of invoice " + invoice, Outcome.saleKey(paymentIntent),
                Outcome.saleKey(charge));
    }
}
