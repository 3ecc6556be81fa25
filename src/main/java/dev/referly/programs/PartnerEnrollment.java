package dev.referly.programs;

import dev.referly.programs.PartnerService.Enrollment;
import dev.referly.referrals.ReferralCodes;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Ids;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * POST /partners: an upsert keyed by tenantId, else email. A new partner and its default link
 * commit together (LinkService joins the transaction, as JDBI reuses the thread's open handle).
 */
final class PartnerEnrollment {
    private final Jdbi jdbi;
    private final Clock clock;
    private final PartnerRepository repository;
    private final PartnerLookups lookups;
    private final PartnerReader reader;
    private final PartnerChanges changes;
    private final PartnerLinks partnerLinks;

    PartnerEnrollment(Jdbi jdbi, Clock clock, PartnerRepository repository, PartnerLookups lookups,
            PartnerReader reader, PartnerChanges changes, PartnerLinks partnerLinks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.repository = repository;
        this.lookups = lookups;
        this.reader = reader;
        this.changes = changes;
        this.partnerLinks = partnerLinks;
    }

    /**
     * POST /partners: the partner with this tenantId (else this email) is updated and returned;
     * otherwise a partner is enrolled (approved) with its default link. Identical concurrent
     * calls meet at the partners_tenant / partners_email constraints, so one partner and one
     * link come out of them.
     */
    Enrollment enroll(String ws, PartnerInput in) {
        String tenantId = in.text("tenantId");
        String email = in.text("email");
        if (email == null && tenantId == null) {
            throw ApiException.invalid("email", "is required (or give a tenantId)");
        }
        Outcome done = jdbi.inTransaction(h -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<Partner> existing = findForUpsert(h, ws, tenantId, email);
                if (existing.isPresent()) {
                    changes.updateProfile(h, existing.get(), in, false);
                    return new Outcome(existing.get().id(), false);
                }
                Optional<String> created = enrollNew(h, ws, in);
                if (created.isPresent()) {
                    Outbox.append(h, ws, EventTypes.PARTNER_ENROLLED, null, created.get(), clock.millis());
                    return new Outcome(created.get(), true);
                }
                // Lost the race to an identical enrollment that has committed since: update that one.
            }
            throw ApiException.conflict("The partner was changed concurrently; please retry.");
        });
        return new Enrollment(reader.get(ws, done.partnerId()), done.created());
    }

    private record Outcome(String partnerId, boolean created) {}

    private Optional<Partner> findForUpsert(Handle h, String ws, String tenantId, String email) {
        Optional<Partner> found = tenantId == null ? Optional.empty() : repository.byTenantId(h, ws, tenantId);
        if (found.isEmpty() && email != null) {
            found = repository.byEmail(h, ws, email);
        }
        return found;
    }

    /** Inserts the partner and its default link; empty when an identical partner got there first. */
    private Optional<String> enrollNew(Handle h, String ws, PartnerInput in) {
        String name = in.text("name") != null ? in.text("name") : in.text("email");
        if (name == null) {
            throw ApiException.invalid("name", "is required (or give an email)");
        }
        PartnerRepository.Program program = lookups.program(h, ws);
        PartnerRepository.Group group = in.has("groupId") ? lookups.group(h, ws, in.text("groupId"))
                : lookups.group(h, ws, program.defaultGroupId());
        Map<String, Object> props = in.linkProps();
        String url = group.linkUrl() != null ? group.linkUrl() : program.url();
        if (url == null) {
            if (props.get("url") == null) {
                throw ApiException.invalid("linkProps.url", "is required: neither the partner's group nor the"
                        + " program has a destination URL");
            }
            url = PartnerInput.url("linkProps.url", props.get("url"));
        }
        long now = clock.millis();
        Partner partner = new Partner(Ids.newId("pn_", clock), ws, program.id(), group.id(), name, in.text("email"),
                in.text("username"), in.text("image"), in.text("country"), in.text("description"), in.text("tenantId"),
                PartnerStatus.APPROVED, Boolean.TRUE.equals(in.groupMoveDisabled()), null, null, now, now);
        if (!repository.insertIfAbsent(h, partner)) {
            return Optional.empty();
        }
        ReferralCodes.assign(h, ws, partner.id(), now);
        Map<String, Object> body = PartnerLinks.linkBody(partner, program, group, props, url);
        if (!body.containsKey("key") && partner.username() != null) {
            // The username makes a memorable key; when it is taken or reserved, a random key will do.
            Map<String, Object> keyed = new LinkedHashMap<>(body);
            keyed.put("key", partner.username());
            try {
                partnerLinks.createLink(h, ws, PartnerLinks.parseLink(keyed, props));
                return Optional.of(partner.id());
            } catch (ApiException e) {
                if (e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.UNPROCESSABLE_ENTITY) {
                    throw e;
                }
            }
        }
        partnerLinks.createLink(h, ws, PartnerLinks.parseLink(body, props));
        return Optional.of(partner.id());
    }
}
