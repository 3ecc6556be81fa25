package dev.referly.integrations.stripe;

import dev.referly.links.Link;
import dev.referly.programs.Partner;
import dev.referly.programs.PartnerService;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Partners' discount codes: Stripe promotion codes mapped to a partner (and one of its links).
 * Stripe's events name a promotion code only by its id (promo_...), so the id is the key; the
 * human-readable code is kept for display. A checkout paid with such a code is credited to the
 * partner when the customer was not referred otherwise.
 */
public final class DiscountCodes {
    /** A mapping, as the API shows it. */
    public record DiscountCode(String id, String promotionCodeId, String code, String partnerId, String linkId,
            long createdAt, long updatedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final PartnerService partners;

    public DiscountCodes(Jdbi jdbi, Clock clock, PartnerService partners) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.partners = partners;
    }

    /**
     * PUT /integrations/stripe/promotion-codes/{promotionCodeId} {@code {partnerId | tenantId, code?, linkId?}}:
     * creates or replaces the mapping. {@code linkId} must be one of the partner's links; by default
     * the partner's first link.
     */
    public DiscountCode put(String workspaceId, String promotionCodeId, Map<String, Object> body) {
        if (promotionCodeId == null || !promotionCodeId.startsWith("promo_") || promotionCodeId.length() > 255) {
            throw ApiException.invalid("promotionCodeId", "must be a Stripe promotion code id (promo_...)");
        }
        String partnerId = text(body, "partnerId");
        String tenantId = text(body, "tenantId");
        if (partnerId == null && tenantId == null) {
            throw ApiException.invalid("partnerId", "is required (or tenantId)");
        }
        String code = text(body, "code");
        String linkId = text(body, "linkId");
        Partner partner = partners.find(workspaceId, partnerId, tenantId);
        List<Link> links = partners.links(workspaceId, partner.id(), null);
        if (links.isEmpty()) {
            throw ApiException.invalid("partnerId", "the partner has no link to credit sales to");
        }
        String link = linkId == null ? links.get(0).id() : links.stream().map(Link::id).filter(linkId::equals)
                .findFirst().orElseThrow(() -> ApiException.invalid("linkId", "must be one of the partner's links"));
        long now = clock.millis();
        jdbi.useTransaction(h -> h.createUpdate("INSERT INTO discount_codes (id, workspace_id, partner_id, link_id, code,"
                        + " stripe_promotion_code_id, created_at, updated_at) VALUES (:id, :ws, :partner, :link, :code,"
                        + " :promo, :now, :now) ON CONFLICT (workspace_id, stripe_promotion_code_id) DO UPDATE SET"
                        + " partner_id = excluded.partner_id, link_id = excluded.link_id, code = excluded.code,"
                        + " updated_at = excluded.updated_at")
                .bind("id", Ids.newId("dcode_", now)).bind("ws", workspaceId).bind("partner", partner.id())
                .bind("link", link).bind("code", code).bind("promo", promotionCodeId).bind("now", now).execute());
        return jdbi.withHandle(h -> find(h, workspaceId, promotionCodeId)).orElseThrow();
    }

    public List<DiscountCode> list(String workspaceId, String partnerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM discount_codes WHERE workspace_id = :ws"
                        + (partnerId == null ? "" : " AND partner_id = :partner") + " ORDER BY created_at, id")
                .bind("ws", workspaceId).bind("partner", partnerId)
                .map((rs, ctx) -> read(rs)).list());
    }

    public void delete(String workspaceId, String promotionCodeId) {
        int removed = jdbi.withHandle(h -> h.createUpdate("DELETE FROM discount_codes WHERE workspace_id = :ws"
                        + " AND stripe_promotion_code_id = :promo")
                .bind("ws", workspaceId).bind("promo", promotionCodeId).execute());
        if (removed == 0) {
            throw ApiException.notFound("Promotion code " + promotionCodeId + " is not mapped to a partner.");
        }
    }

    /** The link a sale paid with this promotion code is credited to, if the code is a partner's. */
    static Optional<String> linkOf(Handle h, String workspaceId, String promotionCodeId) {
        return find(h, workspaceId, promotionCodeId).map(DiscountCode::linkId);
    }

    private static Optional<DiscountCode> find(Handle h, String workspaceId, String promotionCodeId) {
        return h.createQuery("SELECT * FROM discount_codes WHERE workspace_id = :ws AND stripe_promotion_code_id = :promo")
                .bind("ws", workspaceId).bind("promo", promotionCodeId)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    private static DiscountCode read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DiscountCode(rs.getString("id"), rs.getString("stripe_promotion_code_id"), rs.getString("code"),
                rs.getString("partner_id"), rs.getString("link_id"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > 190) {
            throw ApiException.invalid(field, "must be a non-empty string of at most 190 characters");
        }
        return s.strip();
    }
}
