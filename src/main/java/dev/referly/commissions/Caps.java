package dev.referly.commissions;

import dev.referly.programs.PartnerTotals;
import dev.referly.rewards.Reward;
import dev.referly.rewards.SpendLimit;
import dev.referly.rewards.SpendLimits;
import org.jdbi.v3.core.Handle;

/**
 * Applies a reward's spend limits to fresh earnings. What was already earned in the period is the
 * sum of the partner's counted entries (pending, processed, paid) of the same type since the
 * period's start, for one customer when the limit is per customer, so refunds and corrections
 * free room again.
 */
final class Caps {
    private Caps() {}

    record Capped(long earnings, String note) {}

    static Capped apply(Handle h, Reward reward, String type, String partnerId, String customerId, long earnings,
            long at, String currency) {
        long result = earnings;
        StringBuilder note = new StringBuilder();
        if (!reward.spendLimits().isEmpty()) {
            // Concurrent conversions of one partner must see each other's earnings, or both would
            // fit under the cap: a no-op update row-locks the partner until this transaction ends
            // (PostgreSQL; SQLite writers are serialized already), portable where FOR UPDATE is not.
            h.createUpdate("UPDATE partners SET updated_at = updated_at WHERE id = :id").bind("id", partnerId).execute();
        }
        for (SpendLimit limit : reward.spendLimits()) {
            if (limit.scope() == SpendLimit.Scope.CUSTOMER && customerId == null) {
                continue;
            }
            long since = SpendLimits.periodStart(limit.period(), at);
            long already = h.createQuery("SELECT COALESCE(SUM(earnings), 0) FROM commissions WHERE partner_id = :partner"
                            + " AND type = :type AND created_at >= :since AND status IN " + PartnerTotals.COUNTED_STATUSES
                            + (limit.scope() == SpendLimit.Scope.CUSTOMER ? " AND customer_id = :customer" : ""))
                    .bind("partner", partnerId).bind("type", type).bind("since", since).bind("customer", customerId)
                    .mapTo(Long.class).one();
            long clamped = SpendLimits.clamp(result, limit.amountInCents(), already);
            if (clamped != result) {
                note.append(Explanation.capped(result, clamped, limit, already, currency));
                result = clamped;
            }
        }
        return new Capped(result, note.toString());
    }
}
