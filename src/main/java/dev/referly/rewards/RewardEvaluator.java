package dev.referly.rewards;

import java.math.BigDecimal;
import java.util.List;

/**
 * Chooses the terms that pay for one conversion: among the modifiers whose conditions hold, the
 * one that earns the most; else the base reward.
 *
 * <p>"Earns the most" is measured on the fact {@code sale.amount} (minor units) when present, so a
 * flat $5.00 beats 10% of $40.00 and loses to 10% of $60.00; ties go to the earlier modifier.
 * Without a sale amount (clicks, leads) percentages earn nothing measurable, so flats compare by
 * cents and percentages among themselves by rate.
 *
 * <p>Null modifier fields inherit the base reward's type and amounts. The duration is the
 * modifier's when it sets one or when {@code overridesDuration} says its null means lifetime;
 * otherwise the base reward's.
 */
public final class RewardEvaluator {

    /** The fact the highest-amount rule measures earnings on. */
    public static final String SALE_AMOUNT = "sale.amount";

    private RewardEvaluator() {
    }

    public static RewardSelection select(Reward reward, RewardFacts facts) {
        Long saleAmount = saleAmount(facts);
        List<Modifier> modifiers = reward.modifiers();
        RewardSelection best = null;
        for (int i = 0; i < modifiers.size(); i++) {
            Modifier modifier = modifiers.get(i);
            if (!holds(modifier, facts)) {
                continue;
            }
            RewardSelection candidate = resolve(reward, modifier, i);
            if (best == null || earnsMore(candidate, best, saleAmount)) {
                best = candidate;
            }
        }
        return best != null ? best : RewardSelection.base(reward);
    }

    /** Whether a condition group holds: all (AND) or any (OR) of its conditions; never when empty. */
    public static boolean holds(Modifier modifier, RewardFacts facts) {
        List<Condition> conditions = modifier.conditions();
        if (conditions.isEmpty()) {
            return false;
        }
        return modifier.operator() == Modifier.Operator.OR
                ? conditions.stream().anyMatch(c -> ConditionMatcher.matches(c, facts))
                : conditions.stream().allMatch(c -> ConditionMatcher.matches(c, facts));
    }

    /** Whether one condition holds for the facts (see {@link ConditionMatcher} for the rules). */
    public static boolean holds(Condition condition, RewardFacts facts) {
        return ConditionMatcher.matches(condition, facts);
    }

    /** A modifier's terms with its null fields filled from the base reward. */
    static RewardSelection resolve(Reward base, Modifier modifier, int index) {
        RewardType type = modifier.type() != null ? modifier.type() : base.type();
        long cents = modifier.amountInCents() != null ? modifier.amountInCents() : base.amountInCents();
        int basisPoints = modifier.amountInBasisPoints() != null
                ? modifier.amountInBasisPoints() : base.amountInBasisPoints();
        Integer duration = modifier.overridesDuration() || modifier.maxDuration() != null
                ? modifier.maxDuration() : base.maxDuration();
        return RewardSelection.of(type, cents, basisPoints, duration, index);
    }

    private static boolean earnsMore(RewardSelection a, RewardSelection b, Long saleAmount) {
        long earningsA = measure(a, saleAmount);
        long earningsB = measure(b, saleAmount);
        if (earningsA != earningsB) {
            return earningsA > earningsB;
        }
        return saleAmount == null && a.amountInBasisPoints() > b.amountInBasisPoints();
    }

    private static long measure(RewardSelection s, Long saleAmount) {
        if (s.type() == RewardType.FLAT) {
            return s.amountInCents();
        }
        return saleAmount == null ? 0 : CommissionMath.saleEarnings(s, saleAmount, 1);
    }

    /** The sale amount fact in minor units, or null when absent or not a whole number. */
    static Long saleAmount(RewardFacts facts) {
        BigDecimal amount = facts.get(SALE_AMOUNT).map(ConditionMatcher::number).orElse(null);
        if (amount == null) {
            return null;
        }
        try {
            return amount.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
