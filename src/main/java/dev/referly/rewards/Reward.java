package dev.referly.rewards;

import java.util.List;

/**
 * A group's reward for one event, as validated and stored (Jackson writes and reads this record
 * as the {@code rewards.definition} column and as each commission's snapshot).
 *
 * @param amountInCents       the flat amount when {@code type} is FLAT, else 0
 * @param amountInBasisPoints the percentage times 100 when {@code type} is PERCENTAGE (30.5% = 3050), else 0
 * @param maxDuration         months a sale reward keeps paying from the partner's first commission for
 *                            the customer: 0 one-time, N months, null lifetime; always 0 for click and lead
 * @param modifiers           condition groups; the matching one with the highest amount overrides the base
 * @param spendLimits         caps on earnings per partner (or per customer, sale rewards only) per period
 */
public record Reward(
        String id,
        RewardEvent event,
        RewardType type,
        long amountInCents,
        int amountInBasisPoints,
        Integer maxDuration,
        String description,
        String tooltipDescription,
        List<Modifier> modifiers,
        List<SpendLimit> spendLimits) {

    public Reward {
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
        spendLimits = spendLimits == null ? List.of() : List.copyOf(spendLimits);
    }
}
