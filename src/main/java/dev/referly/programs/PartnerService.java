package dev.referly.programs;

import dev.referly.links.Link;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkService;
import dev.referly.referrals.ReferralCodes;
import dev.referly.referrals.ReferralService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Ids;
import dev.referly.storage.ConstraintViolation;
import dev.referly.storage.Dialect;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Partners of the workspace's program: enrollment (an upsert keyed by tenantId, else email),
 * their links, status changes (ban, deactivate, archive) and group moves by hand.
 *
 * <p>Writes that belong together run in one transaction: a new partner and its default link
 * commit together (LinkService joins the transaction, as JDBI reuses the thread's open handle),
 * and a ban changes the status, cancels open commissions and disables links at once. The
 * redirect cache is told about disabled links after the commit, so the link stops at once on
 * this process and within the cache's expiry on the others.
 */
public final class PartnerService {
    /** Link properties the partner's link sets itself; a client's linkProps cannot override them. */
    private static final Set<String> FIXED_LINK_PROPS = Set.of("url", "domain", "partnerId", "programId",
            "trackConversion", "id", "workspaceId");
    private static final String LINK_SAVEPOINT = "partner_link";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final LinkService links;
    private final PartnerRepository repository = new PartnerRepository();

    public PartnerService(Jdbi jdbi, Dialect dialect, Clock clock, LinkService links) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
        this.links = links;
    }

    /** The outcome of POST /partners: the partner, and whether this call enrolled it. */
    public record Enrollment(PartnerDetails partner, boolean created) {}

    /** Earnings sums for partner analytics: in total, per link, or per quarter hour (epoch millis). */
    public enum EarningsKey {
        TOTAL("''"), LINK("link_id"), QUARTER_HOUR("(created_at / 900000) * 900000");

        private final String sql;

        EarningsKey(String sql) {
            this.sql = sql;
        }
    }

    // ---------------------------------------------------------------- enrollment

    /**
     * POST /partners: the partner with this tenantId (else this email) is updated and returned;
     * otherwise a partner is enrolled (approved) with its default link. Identical concurrent
     * calls meet at the partners_tenant / partners_email constraints, so one partner and one
     * link come out of them.
     */
    public Enrollment enroll(String ws, PartnerInput in) {
        String tenantId = in.text("tenantId");
        String email = in.text("email");
        if (email == null && tenantId == null) {
            throw ApiException.invalid("email", "is required (or give a tenantId)");
        }
        Outcome done = jdbi.inTransaction(h -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<Partner> existing = findForUpsert(h, ws, tenantId, email);
                if (existing.isPresent()) {
                    updateProfile(h, existing.get(), in, false);
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
        return new Enrollment(get(ws, done.partnerId()), done.created());
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
        PartnerRepository.Program program = program(h, ws);
        PartnerRepository.Group group = in.has("groupId") ? group(h, ws, in.text("groupId"))
                : group(h, ws, program.defaultGroupId());
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
        Map<String, Object> body = linkBody(partner, program, group, props, url);
        if (!body.containsKey("key") && partner.username() != null) {
            // The username makes a memorable key; when it is taken or reserved, a random key will do.
            Map<String, Object> keyed = new LinkedHashMap<>(body);
            keyed.put("key", partner.username());
            try {
                createLink(h, ws, parseLink(keyed, props));
                return Optional.of(partner.id());
            } catch (ApiException e) {
                if (e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.UNPROCESSABLE_ENTITY) {
                    throw e;
                }
            }
        }
        createLink(h, ws, parseLink(body, props));
        return Optional.of(partner.id());
    }

    // ---------------------------------------------------------------- reading

    public PartnerDetails get(String ws, String id) {
        return jdbi.withHandle(h -> details(h, List.of(repository.byId(h, ws, id)
                .orElseThrow(PartnerService::notFound))).get(0));
    }

    /** The partner named by partnerId (which wins) or tenantId. */
    public Partner find(String ws, String partnerId, String tenantId) {
        return jdbi.withHandle(h -> resolve(h, ws, partnerId, tenantId));
    }

    /** The referrers of the given links, keyed by link id; links without a partner are absent. */
    public Map<String, Referrer> referrersOfLinks(String ws, java.util.Collection<String> linkIds) {
        if (linkIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<String, java.util.Optional<Discount>> discountOfGroup = new java.util.HashMap<>();
            Map<String, Referrer> out = new java.util.HashMap<>();
            repository.byLinkIds(h, ws, linkIds).forEach((linkId, partner) -> out.put(linkId, new Referrer(partner,
                    discountOfGroup.computeIfAbsent(partner.groupId(), g -> DiscountService.forGroup(h, g)))));
            return out;
        });
    }

    public List<PartnerDetails> list(String ws, PartnerQuery query) {
        return jdbi.withHandle(h -> {
            PartnerQuery q = query;
            if (q.groupId() != null) {
                String groupId = repository.group(h, ws, q.groupId()).map(PartnerRepository.Group::id).orElse(q.groupId());
                q = new PartnerQuery(q.status(), q.country(), q.tenantId(), groupId, q.email(), q.search(), q.sortBy(),
                        q.ascending(), q.page(), q.pageSize());
            }
            return details(h, repository.list(h, dialect, ws, q));
        });
    }

    private List<PartnerDetails> details(Handle h, List<Partner> partners) {
        List<String> ids = partners.stream().map(Partner::id).toList();
        Map<String, List<PartnerLink>> linksOf = repository.links(h, ids);
        Map<String, PartnerTotals> totals = PartnerTotals.forPartners(h, ids);
        Map<String, PartnerIncentives> incentives = repository.incentives(h,
                partners.stream().map(Partner::groupId).distinct().toList());
        Map<String, String> codes = ReferralCodes.activeCodes(h, ids);
        Map<String, String> programUrls = new java.util.HashMap<>();
        List<PartnerDetails> out = new ArrayList<>(partners.size());
        for (Partner p : partners) {
            String code = codes.get(p.id());
            String link = code == null ? null : ReferralService.signupLink(programUrls.computeIfAbsent(p.workspaceId(),
                    ws -> program(h, ws).url()), ReferralService.settings(h, p.workspaceId()), code);
            out.add(new PartnerDetails(p, linksOf.get(p.id()), totals.getOrDefault(p.id(), PartnerTotals.ZERO),
                    incentives.getOrDefault(p.groupId(), PartnerIncentives.NONE), code, link));
        }
        return out;
    }

    /** Commission earnings that count (pending, processed, paid) created in [start, end), keyed as asked. */
    public Map<String, Long> earnings(String ws, String partnerId, long start, long end, EarningsKey key) {
        return jdbi.withHandle(h -> repository.earnings(h, ws, partnerId, start, end, key.sql));
    }

    // ---------------------------------------------------------------- changes

    /** PATCH /partners/{id}: profile fields, a group move by hand, and the status changes a PATCH may make. */
    public PartnerDetails update(String ws, String id, PartnerInput in) {
        List<String[]> reenabled = jdbi.inTransaction(h -> {
            Partner p = repository.byId(h, ws, id).orElseThrow(PartnerService::notFound);
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
        return get(ws, id);
    }

    /**
     * Applies the profile fields of {@code in}. A PATCH ({@code replace}) sets what it names,
     * null included; an enrollment of an existing partner only fills in and changes values, and
     * never moves a partner from one tenantId to another.
     */
    private void updateProfile(Handle h, Partner p, PartnerInput in, boolean replace) {
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
            PartnerRepository.Group target = group(h, p.workspaceId(), in.text("groupId"));
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
    public String ban(String ws, String partnerId, String tenantId, PartnerBanReason reason) {
        long now = clock.millis();
        String[] id = new String[1];
        List<String[]> disabled = jdbi.inTransaction(h -> {
            Partner p = resolve(h, ws, partnerId, tenantId);
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
    public String deactivate(String ws, String partnerId, String tenantId) {
        long now = clock.millis();
        String[] id = new String[1];
        List<String[]> disabled = jdbi.inTransaction(h -> {
            Partner p = resolve(h, ws, partnerId, tenantId);
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

    // ---------------------------------------------------------------- links

    /** GET /partners/links: the partner's links, oldest first. */
    public List<Link> links(String ws, String partnerId, String tenantId) {
        return jdbi.withHandle(h -> {
            Partner p = resolve(h, ws, partnerId, tenantId);
            List<String> ids = repository.linkIds(h, ws, p.id());
            Map<String, Link> byId = links.byIds(ws, ids);
            return ids.stream().map(byId::get).filter(l -> l != null).toList();
        });
    }

    /** POST /partners/links: another link for the partner, within its group's max_partner_links. */
    public Link createLink(String ws, PartnerLinkInput in) {
        return jdbi.inTransaction(h -> {
            Partner p = resolveActive(h, ws, in);
            return createWithinLimit(h, ws, p, in);
        });
    }

    /** PUT /partners/links/upsert: the partner's link with this URL, changed as asked; or a new one. */
    public Link upsertLink(String ws, PartnerLinkInput in) {
        if (in.url() == null) {
            throw ApiException.invalid("url", "is required");
        }
        return jdbi.inTransaction(h -> {
            Partner p = resolveActive(h, ws, in);
            Optional<String> existing = repository.linkIdByUrl(h, ws, p.id(), in.url(), in.key());
            if (existing.isEmpty()) {
                return createWithinLimit(h, ws, p, in);
            }
            Map<String, Object> changes = cleanProps(in.linkProps());
            if (in.key() != null) {
                changes.put("key", in.key());
            }
            if (in.commentsSent()) {
                changes.put("comments", in.comments());
            }
            if (changes.isEmpty()) {
                return links.get(ws, existing.get());
            }
            return links.update(ws, existing.get(), parseLink(changes, in.linkProps()));
        });
    }

    private Partner resolveActive(Handle h, String ws, PartnerLinkInput in) {
        Partner p = resolve(h, ws, in.partnerId(), in.tenantId());
        if (p.status().disablesLinks()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The partner is " + p.status().apiName()
                    + ": its links are disabled and it cannot get new ones.");
        }
        return p;
    }

    private Link createWithinLimit(Handle h, String ws, Partner p, PartnerLinkInput in) {
        PartnerRepository.Program program = program(h, ws);
        PartnerRepository.Group group = group(h, ws, p.groupId());
        String base = group.linkUrl() != null ? group.linkUrl() : program.url();
        String url = in.url() != null ? in.url() : base;
        if (url == null) {
            throw ApiException.invalid("url", "is required: neither the partner's group nor the program has a"
                    + " destination URL");
        }
        if (in.url() != null && base != null && !sameSite(host(in.url()), host(base))) {
            throw ApiException.invalid("url", "must be on " + host(base) + ", the program's domain");
        }
        repository.lock(h, p.id()); // concurrent creations for one partner count one after the other
        if (group.maxPartnerLinks() != null && repository.countLinks(h, p.id()) >= group.maxPartnerLinks()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The partner already has the most links its group allows ("
                    + group.maxPartnerLinks() + ").");
        }
        Map<String, Object> body = linkBody(p, program, group, in.linkProps(), url);
        if (in.key() != null) {
            body.put("key", in.key());
        }
        if (in.commentsSent()) {
            body.put("comments", in.comments());
        }
        return createLink(h, ws, parseLink(body, in.linkProps()));
    }

    private static Map<String, Object> linkBody(Partner p, PartnerRepository.Program program,
            PartnerRepository.Group group, Map<String, Object> props, String url) {
        Map<String, Object> body = cleanProps(props);
        body.put("url", url);
        if (group.linkDomain() != null) {
            body.put("domain", group.linkDomain());
        }
        body.put("trackConversion", true);
        body.put("partnerId", p.id());
        body.put("programId", program.id());
        if (body.get("tenantId") == null) {
            body.put("tenantId", p.tenantId());
        }
        return body;
    }

    private static Map<String, Object> cleanProps(Map<String, Object> props) {
        Map<String, Object> body = new LinkedHashMap<>(props);
        body.keySet().removeAll(FIXED_LINK_PROPS);
        return body;
    }

    /** Parses a link body; errors about a property the client sent in linkProps name it as linkProps.x. */
    private static LinkInput parseLink(Map<String, Object> body, Map<String, Object> props) {
        try {
            return LinkInput.parse(body);
        } catch (ApiException e) {
            String field = e.getMessage().split(":", 2)[0];
            if (e.code() == ErrorCode.UNPROCESSABLE_ENTITY && props.containsKey(field)
                    && !FIXED_LINK_PROPS.contains(field) && Objects.equals(props.get(field), body.get(field))) {
                throw ApiException.invalid("linkProps." + field, e.getMessage().substring(field.length() + 2));
            }
            throw e;
        }
    }

    /** Creates the link inside the caller's transaction; a refusal leaves the transaction usable. */
    private Link createLink(Handle h, String ws, LinkInput input) {
        h.savepoint(LINK_SAVEPOINT);
        try {
            Link link = links.create(ws, input);
            h.release(LINK_SAVEPOINT);
            return link;
        } catch (RuntimeException e) {
            h.rollbackToSavepoint(LINK_SAVEPOINT);
            throw e;
        }
    }

    // ---------------------------------------------------------------- lookups

    private Partner resolve(Handle h, String ws, String partnerId, String tenantId) {
        if (partnerId == null && tenantId == null) {
            throw ApiException.invalid("partnerId", "give partnerId or tenantId");
        }
        return (partnerId != null ? repository.byId(h, ws, partnerId) : repository.byTenantId(h, ws, tenantId))
                .orElseThrow(PartnerService::notFound);
    }

    private PartnerRepository.Program program(Handle h, String ws) {
        return repository.program(h, ws)
                .orElseThrow(() -> new IllegalStateException("Workspace " + ws + " has no program"));
    }

    private PartnerRepository.Group group(Handle h, String ws, String idOrSlug) {
        return repository.group(h, ws, idOrSlug).orElseThrow(() -> ApiException.notFound("Group not found."));
    }

    private static ApiException notFound() {
        return ApiException.notFound("Partner not found.");
    }

    private static String host(String url) {
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** The same site: one host, or one a subdomain of the other (example.com and app.example.com). */
    static boolean sameSite(String a, String b) {
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }
}
