package dev.referly.rewards;

/** A flat amount in cents, or a percentage (in basis points) of the sale amount. */
public enum RewardType {
    FLAT, PERCENTAGE
}
