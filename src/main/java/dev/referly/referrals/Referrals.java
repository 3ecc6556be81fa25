package dev.referly.referrals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Referral rows, on the caller's handle (the conversion's transaction). */
public final class Referrals {
    private static final String COLUMNS = "id, workspace_id, partner_id, customer_id, code, ip_hash, status, reason,"
            + " qualified_at, rewarded_at, created_at, updated_at";

    private Referrals() {}

    /** The code and visitor IP hash of a click recorded by code. */
    public record CodeVisit(String code, String ipHash) {}

    public static Optional<Referral> byCustomer(Handle h, String workspaceId, String customerId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM referrals WHERE workspace_id = :ws AND customer_id = :c")
                .bind("ws", workspaceId).bind("c", customerId).map((rs, ctx) -> read(rs)).findOne();
    }

    /** Inserts the referral unless the customer has one already; the stored one either way. */
    public static Referral open(Handle h, Referral r) {
        h.createUpdate("INSERT INTO referrals (" + COLUMNS + ") VALUES (:id, :ws, :partner, :customer, :code, :ip,"
                        + " :status, :reason, NULL, NULL, :at, :at) ON CONFLICT (workspace_id, customer_id) DO NOTHING")
                .bind("id", r.id()).bind("ws", r.workspaceId()).bind("partner", r.partnerId())
                .bind("customer", r.customerId()).bind("code", r.code()).bind("ip", r.ipHash())
                .bind("status", r.status()).bind("reason", r.reason()).bind("at", r.createdAt()).execute();
        return byCustomer(h, r.workspaceId(), r.customerId()).orElseThrow();
    }

    public static void qualify(Handle h, String id, long now) {
        h.createUpdate("UPDATE referrals SET status = 'qualified', qualified_at = :now, updated_at = :now"
                + " WHERE id = :id AND status = 'pending'").bind("id", id).bind("now", now).execute();
    }

    public static void rewarded(Handle h, String id, long now) {
        h.createUpdate("UPDATE referrals SET status = 'rewarded', qualified_at = COALESCE(qualified_at, :now),"
                        + " rewarded_at = :now, updated_at = :now WHERE id = :id AND status IN ('pending', 'qualified')")
                .bind("id", id).bind("now", now).execute();
    }

    public static Optional<CodeVisit> visit(Handle h, String clickId) {
        if (clickId == null) {
            return Optional.empty();
        }
        return h.createQuery("SELECT code, ip_hash FROM referral_visits WHERE click_id = :id").bind("id", clickId)
                .map((rs, ctx) -> new CodeVisit(rs.getString(1), rs.getString(2))).findOne();
    }

    /** Referrals opened since {@code since} on this code from this IP hash. */
    public static int recentSignups(Handle h, String workspaceId, String code, String ipHash, long since) {
        if (code == null || ipHash == null) {
            return 0;
        }
        return h.createQuery("SELECT COUNT(*) FROM referrals WHERE workspace_id = :ws AND code = :code"
                        + " AND ip_hash = :ip AND created_at >= :since")
                .bind("ws", workspaceId).bind("code", code).bind("ip", ipHash).bind("since", since)
                .mapTo(Integer.class).one();
    }

    /** The workspace's burst limit (signups per hour per code and IP hash). */
    public static int burstLimit(Handle h, String workspaceId) {
        return h.createQuery("SELECT burst_limit FROM referral_settings WHERE workspace_id = :ws")
                .bind("ws", workspaceId).mapTo(Integer.class).findOne().orElse(ReferralSettings.DEFAULT_BURST_LIMIT);
    }

    static Referral read(ResultSet rs) throws SQLException {
        long q = rs.getLong("qualified_at");
        Long qualified = rs.wasNull() ? null : q;
        long r = rs.getLong("rewarded_at");
        Long rewarded = rs.wasNull() ? null : r;
        return new Referral(rs.getString("id"), rs.getString("workspace_id"), rs.getString("partner_id"),
                rs.getString("customer_id"), rs.getString("code"), rs.getString("ip_hash"), rs.getString("status"),
                rs.getString("reason"), qualified, rewarded, rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
