package dev.referly.dashboard;

/** A person who signs in to the dashboard of one workspace. */
public record Account(String id, String workspaceId, String email, Role role, long createdAt) {
    boolean isOwner() {
        return role == Role.OWNER;
    }
}
