package dev.referly.programs;

import dev.referly.links.LinkService;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.storage.ConstraintViolation;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Changes to an enrolled partner: its profile and group by PATCH, and the status changes (ban,
 * deactivate, reactivate) with what they do to its commissions and links, in one transaction.
 * The redirect cache is told about disabled or re-enabled links after the commit.
 */
final class PartnerChanges {
    private final Jdbi jdbi;
    private final Clock clock;
    private final LinkService links;
    private final PartnerRepository repository;
    private final PartnerLookups lookups;
    private final PartnerReader reader;

    PartnerChanges(Jdbi jdbi, Clock clock, LinkService links, PartnerRepository repository, PartnerLookups lookups,
            PartnerReader reader) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.links = links;
        this.repository = repository;
        this.lookups = lookups;
        this.reader = reader;
    }

    /** PATCH /partners/{id}: profile fields, a group move by hand, and the status changes a PATCH may make. */
    PartnerDetails update(String ws, String id, PartnerInput in) {
        List<String[]> reenabled = jdbi.inTransaction(h -> {
            Partner p = repository.byId(h, ws, id).orElseThrow(PartnerLookups::notFound);
            if (in.has("name") && in.text("name") == null) {
                throw ApiException.invalid("name", "must not be null");
            }
            if (in.status() != null) {
                p.status().checkManualChangeTo(in.status());
            }
            updateProfile(h, p, in, true);
            if (in.status() == null || in.status() == p.status()) {
                return List.<String[]>of();
            }
            boolean keepBan = in.status() == PartnerStatus.BANNED;
            if (!repository.changeStatus(h, ws, p.id(), p.status(), in.status(), keepBan ? p.bannedAt() : null,
                    keepBan ? p.banReason() : null, clock.millis())) {
                throw ApiException.conflict("The partner's status changed meanwhile; please retry.");
            }
            return p.status().disablesLinks() && !in.status().disablesLinks()
                    ? repository.setLinksDisabled(h, ws, p.id(), null, clock.millis())
                    : List.<String[]>of();
        });
        evict(reenabled);
        return reader.get(ws, id);
    }

    /**
     * Applies the profile fields of {@code in}. A PATCH ({@code replace}) sets what it names,
     * null included; an enrollment of an existing partner only fills in and changes values, and
     * never moves a partner from one tenantId to another.
     */
    void updateProfile(Handle h, Partner p, PartnerInput in, boolean replace) {
        String tenantId = pick(in, "tenantId", p.tenantId(), replace);
        if (!replace && p.tenantId() != null && in.text("tenantId") != null && !p.tenantId().equals(in.text("tenantId"))) {
            throw ApiException.conflict("A partner with email " + p.email() + " already exists with another tenantId.");
        }
        Partner changed = new Partner(p.id(), p.workspaceId(), p.programId(), p.groupId(),
                in.text("name") != null ? in.text("name") : p.name(), pick(in, "email", p.email(), replace),
                pick(in, "username", p.username(), replace), pick(in, "image", p.image(), replace),
                pick(in, "country", p.country(), replace), pick(in, "description", p.description(), replace), tenantId,
                p.status(), in.groupMoveDisabled() != null ? in.groupMoveDisabled() : p.groupMoveDisabled(),
                p.bannedAt(), p.banReason(), p.createdAt(), p.updatedAt());
        if (!changed.equals(p)) {
            try {
                repository.updateProfile(h, changed, Math.max(clock.millis(), p.createdAt()));
            } catch (RuntimeException e) {
                String unique = ConstraintViolation.unique(e).orElseThrow(() -> e);
                throw ApiException.conflict(unique.contains("tenant")
                        ? "Another partner already has tenantId " + changed.tenantId() + "."
                        : "Another partner already has email " + changed.email() + ".");
            }
        }
        if (in.has("groupId")) {
            PartnerRepository.Group target = lookups.group(h, p.workspaceId(), in.text("groupId"));
            if (!target.id().equals(p.groupId())) {
                long now = clock.millis();
                if (!repository.moveGroup(h, p.workspaceId(), p.id(), p.groupId(), target.id(), Ids.newId("pgm_", now),
                        now)) {
                    throw ApiException.conflict("The partner's group changed meanwhile; please retry.");
                }
                GroupMove.announce(h, p.workspaceId(), new GroupMove(p.id(), p.groupId(), target.id(), GroupMove.MANUAL),
                        now);
            }
        }
    }

    private static String pick(PartnerInput in, String field, String current, boolean replace) {
        if (!in.has(field)) {
            return current;
        }
        String sent = in.text(field);
        return sent != null || replace ? sent : current;
    }

    /** POST /partners/ban: banned, its pending and held commissions canceled, its links disabled. */
    String ban(String ws, String partnerId, String tenantId, PartnerBanReason reason) {
        long now = clock.millis();
        String[] id = new String[1];
        List<String[]> disabled = jdbi.inTransaction(h -> {
            Partner p = lookups.resolve(h, ws, partnerId, tenantId);
            id[0] = p.id();
            if (p.status() != PartnerStatus.BANNED
                    && !repository.changeStatus(h, ws, p.id(), p.status(), PartnerStatus.BANNED, now, reason.apiName(), now)) {
                throw ApiException.conflict("The partner's status changed meanwhile; please retry.");
            }
            repository.cancelOpenCommissions(h, ws, p.id(), now);
            return repository.setLinksDisabled(h, ws, p.id(), now, now);
        });
        evict(disabled);
        return id[0];
    }

    /**
     * POST /partners/deactivate: as Dub, the partner's links stop working while its commissions
     * and payouts stay as they are; PATCH status approved reactivates it and its links.
     */
    String deactivate(String ws, String partnerId, String tenantId) {
        long now = clock.millis();
        String[] id = new String[1];
        List<String[]> disabled = jdbi.inTransaction(h -> {
            Partner p = lookups.resolve(h, ws, partnerId, tenantId);
            id[0] = p.id();
            if (p.status() == PartnerStatus.BANNED) {
                throw ApiException.conflict("The partner is banned; a banned partner cannot be deactivated.");
            }
            if (p.status() != PartnerStatus.DEACTIVATED && !repository.changeStatus(h, ws, p.id(), p.status(),
                    PartnerStatus.DEACTIVATED, null, null, now)) {
                throw ApiException.conflict("The partner's status changed meanwhile; please retry.");
            }
            return repository.setLinksDisabled(h, ws, p.id(), now, now);
        });
        evict(disabled);
        return id[0];
    }

    private void evict(List<String[]> domainKeys) {
        domainKeys.forEach(dk -> links.evictFromCache(dk[0], dk[1]));
    }
}
