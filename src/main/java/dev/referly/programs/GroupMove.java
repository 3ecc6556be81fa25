package dev.referly.programs;

/**
 * A partner moved from one group to another, as partner.group_moved tells it.
 *
 * @param reason rule (its totals met the group's move rules), manual (PATCH /partners/{id}) or
 *               group_deleted (its group was deleted)
 */
public record GroupMove(String partnerId, String fromGroupId, String toGroupId, String reason) {
    public static final String RULE = "rule";
    public static final String MANUAL = "manual";

    /** Writes partner.group_moved in the move's transaction. */
    static void announce(org.jdbi.v3.core.Handle h, String workspaceId, GroupMove move, long at) {
        dev.referly.webhooks.Outbox.append(h, workspaceId, dev.referly.webhooks.EventTypes.PARTNER_GROUP_MOVED, null,
                move, at);
    }
}
