package dev.referly.rewards;

/** What one sale line earns and under which terms (see {@link CommissionMath}). */
public record LineEarning(String productId, long amount, RewardSelection selection, long earnings) {
}
