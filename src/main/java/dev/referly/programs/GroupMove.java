package dev.referly.programs;

import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;

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
        Outbox.append(h, workspaceId, EventTypes.PARTNER_GROUP_MOVED, null,
                move, at);
    }
}
