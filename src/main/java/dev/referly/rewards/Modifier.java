package dev.referly.rewards;

import java.util.List;

/**
 * A condition group: when its conditions hold (all for AND, any for OR) it offers its own
 * amount. Null fields inherit the base reward's; {@code overridesDuration} tells a modifier
 * that sets a lifetime duration (maxDuration null) from one that keeps the base duration.
 */
public record Modifier(
        Operator operator,
        List<Condition> conditions,
        RewardType type,
        Long amountInCents,
        Integer amountInBasisPoints,
        boolean overridesDuration,
        Integer maxDuration) {

    public enum Operator { AND, OR }

    public Modifier {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
