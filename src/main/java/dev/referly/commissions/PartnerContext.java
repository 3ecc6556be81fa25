package dev.referly.commissions;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The partner a commission is for, with its program's currency. */
record PartnerContext(String id, String workspaceId, String programId, String groupId, String status, String email,
        String country, String currency) {

    static final String APPROVED = "approved";
    static final String BANNED = "banned";

    private static final String SELECT = "SELECT p.id, p.workspace_id, p.program_id, p.group_id, p.status, p.email,"
            + " p.country, COALESCE(g.currency, 'usd') AS currency FROM partners p LEFT JOIN programs g ON g.id = p.program_id";

    /** The partner a link belongs to, when it is a partner link of this workspace. */
    static Optional<PartnerContext> ofLink(Handle h, String workspaceId, String linkId) {
        return h.createQuery(SELECT + " JOIN links l ON l.partner_id = p.id WHERE l.id = :link AND p.workspace_id = :ws")
                .bind("link", linkId).bind("ws", workspaceId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    static Optional<PartnerContext> byId(Handle h, String workspaceId, String partnerId) {
        return h.createQuery(SELECT + " WHERE p.id = :id AND p.workspace_id = :ws")
                .bind("id", partnerId).bind("ws", workspaceId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    static Optional<PartnerContext> byTenantId(Handle h, String workspaceId, String tenantId) {
        return h.createQuery(SELECT + " WHERE p.tenant_id = :tenant AND p.workspace_id = :ws")
                .bind("tenant", tenantId).bind("ws", workspaceId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /**
     * Approved partners earn; banned ones still get the entry, held for review, so the ledger shows
     * what they would have earned. Pending, invited, declined, rejected, archived and deactivated
     * enrollments earn nothing.
     */
    boolean earns() {
        return APPROVED.equals(status) || BANNED.equals(status);
    }

    boolean banned() {
        return BANNED.equals(status);
    }

    private static PartnerContext map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PartnerContext(rs.getString("id"), rs.getString("workspace_id"), rs.getString("program_id"),
                rs.getString("group_id"), rs.getString("status"), rs.getString("email"), rs.getString("country"),
                rs.getString("currency"));
    }
}
