package dev.referly.programs;

import dev.referly.shared.ApiException;
import org.jdbi.v3.core.Handle;

/** The partner, program and group a request names, or the error that says it does not exist. */
final class PartnerLookups {
    private final PartnerRepository repository;

    PartnerLookups(PartnerRepository repository) {
        this.repository = repository;
    }

    Partner resolve(Handle h, String ws, String partnerId, String tenantId) {
        if (partnerId == null && tenantId == null) {
            throw ApiException.invalid("partnerId", "give partnerId or tenantId");
        }
        return (partnerId != null ? repository.byId(h, ws, partnerId) : repository.byTenantId(h, ws, tenantId))
                .orElseThrow(PartnerLookups::notFound);
    }

    PartnerRepository.Program program(Handle h, String ws) {
        return repository.program(h, ws)
                .orElseThrow(() -> new IllegalStateException("Workspace " + ws + " has no program"));
    }

    PartnerRepository.Group group(Handle h, String ws, String idOrSlug) {
        return repository.group(h, ws, idOrSlug).orElseThrow(() -> ApiException.notFound("Group not found."));
    }

    static ApiException notFound() {
        return ApiException.notFound("Partner not found.");
    }
}
