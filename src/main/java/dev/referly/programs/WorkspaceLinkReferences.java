package dev.referly.programs;

import dev.referly.links.LinkReferences;
import dev.referly.shared.ApiException;
import org.jdbi.v3.core.Handle;

/**
 * A link may name only its own workspace's partner and program: another workspace's partner
 * would list the link and be credited with its clicks and conversions (issue 14 item 2).
 */
public final class WorkspaceLinkReferences implements LinkReferences {
    private final PartnerRepository repository = new PartnerRepository();

    @Override
    public void check(Handle h, String workspaceId, String partnerId, String programId) {
        if (partnerId != null && repository.byId(h, workspaceId, partnerId).isEmpty()) {
            throw ApiException.invalid("partnerId", "no partner " + partnerId + " in this workspace");
        }
        if (programId != null && !repository.program(h, workspaceId)
                .map(p -> p.id().equals(programId)).orElse(false)) {
            throw ApiException.invalid("programId", "no program " + programId + " in this workspace");
        }
    }
}
