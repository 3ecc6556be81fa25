package dev.referly.credits;

/**
 * The provisioning in Stripe of one credit grant. {@code state} is pending (due at
 * {@code nextAttemptAt}), applied ({@code stripeObjectId} says what Stripe made), failed (given
 * up, {@code lastError} says why; POST /credits/provisioning/{id}/retry queues it again) or
 * skipped (nothing to send to Stripe, e.g. the unit {@code credits}).
 */
public record CreditProvisioning(String id, String workspaceId, String entryId, String state, int attempts,
        long nextAttemptAt, String lastError, String stripeObjectId, String plan, long createdAt, long updatedAt) {

    public static final String PENDING = "pending";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
