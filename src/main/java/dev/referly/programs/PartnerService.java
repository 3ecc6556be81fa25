package dev.referly.programs;

import dev.referly.links.Link;
import dev.referly.links.LinkService;
import dev.referly.storage.Dialect;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Partners of the workspace's program, as the API and the other features reach them: enrollment
 * ({@link PartnerEnrollment}), reading ({@link PartnerReader}), status and profile changes
 * ({@link PartnerChanges}) and their links ({@link PartnerLinks}).
 *
 * <p>Writes that belong together run in one transaction: a new partner and its default link
 * commit together, and a ban changes the status, cancels open commissions and disables links at
 * once. The redirect cache is told about disabled links after the commit, so the link stops at
 * once on this process and within the cache's expiry on the others.
 */
public final class PartnerService {
    private final PartnerReader reader;
    private final PartnerChanges changes;
    private final PartnerLinks partnerLinks;
    private final PartnerEnrollment enrollment;

    public PartnerService(Jdbi jdbi, Dialect dialect, Clock clock, LinkService links) {
        PartnerRepository repository = new PartnerRepository();
        PartnerLookups lookups = new PartnerLookups(repository);
        this.reader = new PartnerReader(jdbi, dialect, repository, lookups);
        this.changes = new PartnerChanges(jdbi, clock, links, repository, lookups, reader);
        this.partnerLinks = new PartnerLinks(jdbi, links, repository, lookups);
        this.enrollment = new PartnerEnrollment(jdbi, clock, repository, lookups, reader, changes, partnerLinks);
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

        String sql() {
            return sql;
        }
    }

    /**
     * POST /partners: the partner with this tenantId (else this email) is updated and returned;
     * otherwise a partner is enrolled (approved) with its default link.
     */
    public Enrollment enroll(String ws, PartnerInput in) {
        return enrollment.enroll(ws, in);
    }

    public PartnerDetails get(String ws, String id) {
        return reader.get(ws, id);
    }

    /** The partner named by partnerId (which wins) or tenantId. */
    public Partner find(String ws, String partnerId, String tenantId) {
        return reader.find(ws, partnerId, tenantId);
    }

    /** The referrers of the given links, keyed by link id; links without a partner are absent. */
    public Map<String, Referrer> referrersOfLinks(String ws, Collection<String> linkIds) {
        return reader.referrersOfLinks(ws, linkIds);
    }

    public List<PartnerDetails> list(String ws, PartnerQuery query) {
        return reader.list(ws, query);
    }

    /** Commission earnings that count (pending, processed, paid) created in [start, end), keyed as asked. */
    public Map<String, Long> earnings(String ws, String partnerId, long start, long end, EarningsKey key) {
        return reader.earnings(ws, partnerId, start, end, key);
    }

    /** PATCH /partners/{id}: profile fields, a group move by hand, and the status changes a PATCH may make. */
    public PartnerDetails update(String ws, String id, PartnerInput in) {
        return changes.update(ws, id, in);
    }

    /** POST /partners/ban: banned, its pending and held commissions canceled, its links disabled. */
    public String ban(String ws, String partnerId, String tenantId, PartnerBanReason reason) {
        return changes.ban(ws, partnerId, tenantId, reason);
    }

    /** POST /partners/deactivate: the partner's links stop working; commissions and payouts stay. */
    public String deactivate(String ws, String partnerId, String tenantId) {
        return changes.deactivate(ws, partnerId, tenantId);
    }

    /** GET /partners/links: the partner's links, oldest first. */
    public List<Link> links(String ws, String partnerId, String tenantId) {
        return partnerLinks.links(ws, partnerId, tenantId);
    }

    /** POST /partners/links: another link for the partner, within its group's max_partner_links. */
    public Link createLink(String ws, PartnerLinkInput in) {
        return partnerLinks.createLink(ws, in);
    }

    /** PUT /partners/links/upsert: the partner's link with this URL, changed as asked; or a new one. */
    public Link upsertLink(String ws, PartnerLinkInput in) {
        return partnerLinks.upsertLink(ws, in);
    }
}
