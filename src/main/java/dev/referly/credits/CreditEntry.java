package dev.referly.credits;

/**
 * One ledger entry. {@code amount} is signed (grants and positive adjustments add; redemptions,
 * negative adjustments and expiries take away); {@code remaining} is what is left of a positive
 * entry; {@code balanceAfter} the holder's balance in the unit once it applied.
 */
public record CreditEntry(String id, String workspaceId, String holderType, String holderId, String unit, String type,
        long amount, long remaining, long balanceAfter, Long expiresAt, String referralId, String correctsId,
        String rewardId, String description, String reason, String dedupeKey, long createdAt) {

    public static final String GRANT = "grant";
    public static final String REDEMPTION = "redemption";
    public static final String ADJUSTMENT = "adjustment";
    public static final String EXPIRY = "expiry";
}
