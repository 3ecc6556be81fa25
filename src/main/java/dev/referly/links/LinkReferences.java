package dev.referly.links;

import org.jdbi.v3.core.Handle;

/**
 * The ids a link body may name besides its own (partnerId, programId) belong to features the
 * links package cannot see; their owner checks that each is the caller's workspace's, inside
 * the link's transaction, and refuses with 422 naming the field otherwise.
 */
public interface LinkReferences {
    /** Throws unless each non-null id is one of {@code workspaceId}'s own. */
    void check(Handle h, String workspaceId, String partnerId, String programId);
}
