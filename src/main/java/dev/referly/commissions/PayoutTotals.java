package dev.referly.commissions;

import org.jdbi.v3.core.Handle;

/**
 * A pending payout's amount and period are those of its commissions; recomputed after any change to
 * them. A pending payout left without commissions (all refunded or rejected meanwhile) is canceled,
 * so nobody completes a payout of nothing.
 */
public final class PayoutTotals {
    private PayoutTotals() {}

    public static void recalculate(Handle h, String payoutId, long now) {
        if (payoutId == null) {
            return;
        }
        h.createUpdate("UPDATE payouts SET amount = COALESCE((SELECT SUM(earnings) FROM commissions"
                        + " WHERE payout_id = :id), 0),"
                        + " period_start = (SELECT MIN(created_at) FROM commissions WHERE payout_id = :id),"
                        + " period_end = (SELECT MAX(created_at) FROM commissions WHERE payout_id = :id),"
                        + " status = CASE WHEN EXISTS (SELECT 1 FROM commissions WHERE payout_id = :id) THEN status"
                        + " ELSE 'canceled' END,"
                        + " updated_at = :now WHERE id = :id AND status = 'pending'")
                .bind("id", payoutId).bind("now", now).execute();
    }
}
