package dev.referly.rewards;

import java.time.Instant;
import java.time.ZoneOffset;

/** Whether a sale reward still pays, by its duration from the partner's first commission for the customer. */
public final class RecurringRewards {

    private RecurringRewards() {
    }

    /**
     * @param maxDuration       null lifetime; 0 (or less) one-time; N calendar months
     * @param firstCommissionAt epoch millis of the partner's earliest sale commission for this
     *                          customer, null when there is none yet
     * @param saleAt            epoch millis of the sale being rewarded
     */
    public static boolean pays(Integer maxDuration, Long firstCommissionAt, long saleAt) {
        if (maxDuration == null || firstCommissionAt == null) {
            return true;
        }
        if (maxDuration <= 0) {
            return false;
        }
        // Calendar months in UTC: Jan 31 + 1 month is Feb 28/29, the month's last day.
        long end = Instant.ofEpochMilli(firstCommissionAt).atZone(ZoneOffset.UTC)
                .plusMonths(maxDuration).toInstant().toEpochMilli();
        return saleAt < end;
    }
}
