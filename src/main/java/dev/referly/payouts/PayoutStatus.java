package dev.referly.payouts;

import dev.referly.shared.ApiNamedEnum;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Dub's payout statuses and the moves between them:
 * pending -> processing | sent | completed | failed | canceled;
 * processing -> sent | completed | failed; processed -> sent | completed | failed;
 * sent -> completed | failed. completed, failed and canceled are final (a failed payout's
 * commissions return to pending and go into a new payout).
 */
public enum PayoutStatus implements ApiNamedEnum {
    PENDING, PROCESSING, PROCESSED, SENT, COMPLETED, FAILED, CANCELED;

    private static final Map<PayoutStatus, Set<PayoutStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(PROCESSING, SENT, COMPLETED, FAILED, CANCELED),
            PROCESSING, EnumSet.of(SENT, COMPLETED, FAILED),
            PROCESSED, EnumSet.of(SENT, COMPLETED, FAILED),
            SENT, EnumSet.of(COMPLETED, FAILED),
            COMPLETED, EnumSet.noneOf(PayoutStatus.class),
            FAILED, EnumSet.noneOf(PayoutStatus.class),
            CANCELED, EnumSet.noneOf(PayoutStatus.class));

    public boolean canBecome(PayoutStatus next) {
        return NEXT.get(this).contains(next);
    }

    public static PayoutStatus fromDb(String value) {
        return ApiNamedEnum.fromDb(PayoutStatus.class, value);
    }

    public static PayoutStatus parse(String field, Object value) {
        return ApiNamedEnum.parse(PayoutStatus.class, field, value);
    }
}
