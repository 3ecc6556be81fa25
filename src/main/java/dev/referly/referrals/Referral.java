package dev.referly.referrals;

/**
 * One referred customer: who referred them (partner and code) and where the referral stands.
 * Status runs pending -> qualified (the reward's trigger happened) -> rewarded (credit granted),
 * or is rejected with the reasons (comma-separated codes) and then earns nothing.
 */
public record Referral(String id, String workspaceId, String partnerId, String customerId, String code,
        String ipHash, String status, String reason, Long qualifiedAt, Long rewardedAt, long createdAt,
        long updatedAt) {

    public static final String PENDING = "pending";
    public static final String QUALIFIED = "qualified";
    public static final String REWARDED = "rewarded";
    public static final String REJECTED = "rejected";
    public static final java.util.Set<String> STATUSES = java.util.Set.of(PENDING, QUALIFIED, REWARDED, REJECTED);

    public boolean rejected() {
        return REJECTED.equals(status);
    }
}
