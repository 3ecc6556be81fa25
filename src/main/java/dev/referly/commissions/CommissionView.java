package dev.referly.commissions;

import java.util.List;

/**
 * A commission as the API shows it.
 *
 * @param paidAt      when its payout completed (commissions are paid with their payout)
 * @param corrections the entries correcting it (partial refunds, clawbacks, edits), oldest first
 */
public record CommissionView(Commission commission, CommissionParty.Partner partner, CommissionParty.Customer customer,
        Long paidAt, List<Commission> corrections) {

    /** Its own earnings plus those of its corrections that still count or are held. */
    public long netEarnings() {
        long net = counts(commission) ? commission.earnings() : 0;
        for (Commission c : corrections) {
            if (counts(c)) {
                net += c.earnings();
            }
        }
        return net;
    }

    private static boolean counts(Commission c) {
        return c.status().counted() || c.status() == CommissionStatus.HOLD;
    }
}
