package dev.referly.rewards;

/**
 * The reward that applies to one conversion once modifiers are resolved: the base reward's
 * terms, or a matching modifier's with its null fields filled from the base.
 *
 * @param amountInCents       the flat amount when {@code type} is FLAT, else 0
 * @param amountInBasisPoints the percentage times 100 when {@code type} is PERCENTAGE, else 0
 * @param maxDuration         months a sale reward keeps paying: 0 one-time, N months, null lifetime
 * @param matchedModifier     index in {@link Reward#modifiers()} of the winning condition group,
 *                            or null when the base reward applies
 */
public record RewardSelection(
        RewardType type,
        long amountInCents,
        int amountInBasisPoints,
        Integer maxDuration,
        Integer matchedModifier) {

    /** The base reward's own terms. */
    public static RewardSelection base(Reward reward) {
        return of(reward.type(), reward.amountInCents(), reward.amountInBasisPoints(), reward.maxDuration(), null);
    }

    /** Terms with the amount of the other type zeroed, so equal terms make equal selections. */
    static RewardSelection of(RewardType type, long cents, int basisPoints, Integer maxDuration, Integer modifier) {
        return type == RewardType.FLAT
                ? new RewardSelection(type, cents, 0, maxDuration, modifier)
                : new RewardSelection(type, 0, basisPoints, maxDuration, modifier);
    }

    public boolean isBase() {
        return matchedModifier == null;
    }
}
