package dev.referly.commissions;

import org.jdbi.v3.core.Handle;

/** A pending payout's amount and period are those of its commissions; recomputed after any change to them. */
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
                        + " updated_at = :now WHERE id = :id AND status = 'pending'")
                .bind("id", payoutId).bind("now", now).execute();
    }
}
