package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.CommissionService;
import dev.referly.conversions.SaleService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * charge.refunded: finds the sale by charge, payment intent or invoice, and hands the refund to the
 * commission ledger. {@code amount_refunded} is Stripe's running total: the sale keeps the total
 * seen, and the sale's commission is moved up to it ({@link CommissionService#refundTo}), which
 * counts refunds already recorded through the API and so never takes more than the sale earned.
 * Refunded in full and unpaid, the commission becomes refunded (its open corrections with it);
 * otherwise a correction, or after payment a clawback, brings it to the earnings on what remains.
 * Before its sale is known, the refund waits for it.
 */
final class ChargeRefundedHandler implements EventHandler {
    private final Deps deps;

    ChargeRefundedHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode charge) {
        String ws = ctx.workspaceId();
        String chargeId = StripeJson.text(charge, "id");
        String paymentIntent = StripeJson.id(charge, "payment_intent");
        String invoice = StripeJson.id(charge, "invoice");
        long refunded = orZero(StripeJson.number(charge, "amount_refunded"));
        Long captured = StripeJson.number(charge, "amount_captured");
        long total = captured != null && captured > 0 ? captured : orZero(StripeJson.number(charge, "amount"));
        if (refunded <= 0 || total <= 0) {
            return Outcome.ignored("nothing was refunded");
        }
        refunded = Math.min(refunded, total);
        Optional<SaleService.PaidSale> found = deps.sales().byPaymentIds(h, ws, chargeId, paymentIntent, invoice);
        if (found.isEmpty()) {
            return Outcome.waiting("waiting for the sale paid by charge " + chargeId,
                    Outcome.saleKey(chargeId), Outcome.saleKey(paymentIntent), Outcome.saleKey(invoice));
        }
        SaleService.PaidSale sale = found.get();
        if (!deps.sales().recordRefunded(h, sale.saleId(), refunded)) {
            return Outcome.applied("refunds up to " + refunded + " were applied already");
        }
        CommissionService.RefundResult result;
        try {
            result = deps.commissions().refundTo(h, ws, sale.saleId(), refunded, total,
                    "stripe:" + chargeId + ":" + refunded);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Outcome.applied("sale " + sale.saleId() + ": " + refunded + " of " + total
                        + " refunded; it earned no commission");
            }
            throw e;
        }
        return Outcome.applied("sale " + sale.saleId() + ": " + refunded + " of " + total + " refunded; commission "
                + result.outcome());
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
