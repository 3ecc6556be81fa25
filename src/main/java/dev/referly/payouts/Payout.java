package dev.referly.payouts;

import dev.referly.commissions.CommissionParty;

/** One payout to a partner in one currency; its amount is the sum of its commissions' earnings. */
public record Payout(String id, String workspaceId, String programId, String partnerId, long amount, String currency,
        PayoutStatus status, String description, String method, Long periodStart, Long periodEnd,
        String failureReason, long createdAt, long updatedAt, Long paidAt, CommissionParty.Partner partner,
        int commissions) {}
