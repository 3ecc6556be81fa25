package dev.referly.commissions;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The arithmetic of refunds, pure. A sale commission remembers how much of its sale was refunded
 * so far; its refund corrections always add up to the earnings on what remains, rounded once,
 * minus what it earned, so the last refund lands exactly on zero whatever the split.
 */
final class RefundMath {
    private RefundMath() {}

    /** {@code part} of {@code whole} expressed in units where the whole is {@code target}, half-up; exact at the ends. */
    static long scale(long part, long whole, long target) {
        if (part == whole) {
            return target;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(target))
                .divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * What the refund corrections of a commission must add up to once {@code refunded} of its
     * {@code amount} is refunded: the earnings on what remains less the earnings.
     */
    static long refundTarget(long earnings, long refunded, long amount, String currency) {
        return CommissionService.proRata(earnings, amount - refunded, amount, currency) - earnings;
    }
}
