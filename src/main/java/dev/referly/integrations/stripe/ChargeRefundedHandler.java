package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.CommissionService;
import dev.referly.conversions.SaleService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * charge.refunded: finds the sale by charge, payment intent or invoice, and hands the refund to the
 * commission ledger. {@code amount_refunded} is Stripe's running total, so each event refunds the
 * part not seen yet (the sale keeps the total seen). A charge refunded in full marks an unpaid
 * commission refunded (its earlier partial corrections canceled); a partial refund reduces it pro
 * rata; a paid commission gets a clawback (see {@link CommissionService#refund}). Before its sale is
 * known, the refund waits for it.
 */
final class ChargeRefundedHandler implements EventHandler {
    private static final Set<String> UNPAID = Set.of("pending", "hold");

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
        long before = sale.refundedAmount();
        if (!deps.sales().recordRefunded(h, sale.saleId(), refunded)) {
            return Outcome.applied("refunds up to " + refunded + " were applied already");
        }
        boolean full = refunded >= total;
        String refundId = "stripe:" + chargeId + ":" + refunded;
        String status = commissionStatus(h, ws, sale.saleId());
        CommissionService.RefundResult result;
        try {
            if (status == null) {
                return Outcome.applied("sale " + sale.saleId() + ": " + refunded + " of " + total
                        + " refunded; it earned no commission");
            }
            // Full and unpaid: the whole entry is refunded, which also cancels earlier partial corrections.
            result = full && (before == 0 || UNPAID.contains(status))
                    ? deps.commissions().refund(ws, sale.saleId(), null, total, total, refundId)
                    : deps.commissions().refund(ws, sale.saleId(), null, refunded - before, total, refundId);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Outcome.applied("sale " + sale.saleId() + " refunded; it earned no commission");
            }
            throw e;
        }
        return Outcome.applied("sale " + sale.saleId() + ": " + refunded + " of " + total + " refunded; commission "
                + result.outcome());
    }

    /** The status of the sale's commission entry, or null when it earned none. */
    private static String commissionStatus(Handle h, String ws, String saleId) {
        return h.createQuery("SELECT status FROM commissions WHERE workspace_id = :ws AND dedupe_key = :key")
                .bind("ws", ws).bind("key", "sale:" + saleId).mapTo(String.class).findOne().orElse(null);
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
