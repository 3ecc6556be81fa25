package dev.referly.programs;

/**
 * A partner enrolled in the workspace's program: Dub's partner and its program enrollment in
 * one row. Instants are epoch milliseconds; banReason is a {@link PartnerBanReason} API name.
 */
public record Partner(String id, String workspaceId, String programId, String groupId, String name, String email,
        String username, String image, String country, String description, String tenantId, PartnerStatus status,
        boolean groupMoveDisabled, Long bannedAt, String banReason, long createdAt, long updatedAt) {}
