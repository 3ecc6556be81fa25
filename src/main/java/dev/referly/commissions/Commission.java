package dev.referly.commissions;

/**
 * One entry of the commission ledger (a row of {@code commissions}). Entries are appended; a
 * correction is another entry whose {@code correctsId} names this one.
 *
 * @param amount   the sale amount the entry was computed from (0 for leads, clicks and custom entries)
 * @param earnings what the partner earns, in the program currency's minor units; negative for
 *                 corrections and clawbacks
 */
public record Commission(
        String id,
        String workspaceId,
        String programId,
        String partnerId,
        String groupId,
        String type,
        CommissionStatus status,
        long amount,
        long earnings,
        String currency,
        int quantity,
        String customerId,
        String linkId,
        String clickId,
        String eventId,
        String invoiceId,
        String description,
        String rewardId,
        String rewardSnapshot,
        Integer matchedModifier,
        String explanation,
        String holdReason,
        String correctsId,
        String payoutId,
        String dedupeKey,
        String userId,
        long createdAt,
        long updatedAt) {

    public static final String CLICK = "click";
    public static final String LEAD = "lead";
    public static final String SALE = "sale";
    public static final String CUSTOM = "custom";
}
