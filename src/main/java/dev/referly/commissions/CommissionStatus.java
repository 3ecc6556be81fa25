package dev.referly.commissions;

import dev.referly.programs.PartnerTotals;
import dev.referly.shared.ApiNamedEnum;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lifecycle of a commission ledger entry. Every change of status goes through {@link #canBecome}.
 *
 * <pre>
 * from \ to   pending hold processed paid refunded duplicate fraud canceled
 * pending        -     yes    yes     -     yes       yes     yes    yes
 * hold          yes     -      -      -     yes       yes     yes    yes
 * processed     yes     -      -     yes    yes       yes     yes    yes
 * paid           -      -      -      -      -         -       -      -
 * refunded      yes     -      -      -      -         -       -      -
 * duplicate     yes     -      -      -      -         -       -      -
 * fraud         yes     -      -      -      -         -       -      -
 * canceled      yes     -      -      -      -         -       -      -
 * </pre>
 *
 * Why: pending is the only way into a payout (processed), and a held entry must be released to
 * pending first. processed means "in a payout that is not paid yet": completing the payout makes
 * it paid, failing or canceling the payout (or taking the entry out of it) makes it pending again.
 * paid is final: money left, so a later change is a new negative entry (a clawback) instead.
 * refunded, duplicate, fraud and canceled are verdicts that can be undone only back to pending,
 * so every undo passes the same door as a fresh entry.
 */
public enum CommissionStatus implements ApiNamedEnum {
    PENDING, HOLD, PROCESSED, PAID, REFUNDED, DUPLICATE, FRAUD, CANCELED;

    private static final Map<CommissionStatus, Set<CommissionStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(HOLD, PROCESSED, REFUNDED, DUPLICATE, FRAUD, CANCELED),
            HOLD, EnumSet.of(PENDING, REFUNDED, DUPLICATE, FRAUD, CANCELED),
            PROCESSED, EnumSet.of(PENDING, PAID, REFUNDED, DUPLICATE, FRAUD, CANCELED),
            PAID, EnumSet.noneOf(CommissionStatus.class),
            REFUNDED, EnumSet.of(PENDING),
            DUPLICATE, EnumSet.of(PENDING),
            FRAUD, EnumSet.of(PENDING),
            CANCELED, EnumSet.of(PENDING));

    /** What a client may ask for through PATCH (Dub's list); the others are set by payouts and fraud checks. */
    public static final Set<CommissionStatus> SETTABLE_BY_API = EnumSet.of(PENDING, REFUNDED, DUPLICATE, FRAUD, CANCELED);

    public boolean canBecome(CommissionStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Read from the rule's one statement; a misspelt name there fails here, at class load. */
    private static final Set<CommissionStatus> COUNTED = PartnerTotals.COUNTED_STATUS_NAMES.stream()
            .map(CommissionStatus::fromDb).collect(Collectors.toCollection(() -> EnumSet.noneOf(CommissionStatus.class)));

    /** Statuses whose earnings are owed to the partner (they count in totals, limits and payouts). */
    public boolean counted() {
        return COUNTED.contains(this);
    }

    public static CommissionStatus fromDb(String value) {
        return ApiNamedEnum.fromDb(CommissionStatus.class, value);
    }

    /** Parses a client-supplied status, naming the field when it is not one. */
    public static CommissionStatus parse(String field, Object value) {
        return ApiNamedEnum.parse(CommissionStatus.class, field, value);
    }
}
