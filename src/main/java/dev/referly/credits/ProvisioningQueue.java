package dev.referly.credits;

import dev.referly.shared.Ids;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The credit_provisioning rows, on the caller's handle. A grant is queued in its own transaction
 * (one row per ledger entry, under a unique constraint); a worker claims a due row with one
 * conditional UPDATE that pushes its next attempt past a lease, so two processes never work on
 * the same row at once, and a process that dies mid-call leaves the row due again after the lease.
 */
final class ProvisioningQueue {
    static final String CREDITS_UNIT = "credits";
    private static final String COLUMNS = "id, workspace_id, entry_id, state, attempts, next_attempt_at, last_error,"
            + " stripe_object_id, plan, created_at, updated_at";

    private ProvisioningQueue() {}

    /** Queues a fresh grant when the workspace provisions credit in Stripe; a no-op otherwise. */
    static void enqueue(Handle h, CreditEntry grant, long now) {
        boolean on = h.createQuery("SELECT COUNT(*) FROM stripe_connections WHERE workspace_id = :ws"
                        + " AND provision_credits = TRUE AND api_key IS NOT NULL")
                .bind("ws", grant.workspaceId()).mapTo(Integer.class).one() > 0;
        if (!on) {
            return;
        }
        boolean skipped = grant.unit().equals(CREDITS_UNIT);
        h.createUpdate("INSERT INTO credit_provisioning (" + COLUMNS + ") VALUES (:id, :ws, :entry, :state, 0, :now,"
                        + " :error, NULL, NULL, :now, :now) ON CONFLICT (entry_id) DO NOTHING")
                .bind("id", Ids.newId("cpv_", now)).bind("ws", grant.workspaceId()).bind("entry", grant.id())
                .bind("state", skipped ? CreditProvisioning.SKIPPED : CreditProvisioning.PENDING)
                .bind("error", skipped ? "The unit credits is not a Stripe balance: apply it from the credit.granted"
                        + " webhook." : null)
                .bind("now", now).execute();
    }

    static List<CreditProvisioning> due(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_provisioning WHERE state = 'pending'"
                        + " AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> read(rs)).list();
    }

    /** The claim: true for exactly one caller per (row, due time), whatever the number of processes. */
    static boolean claim(Handle h, CreditProvisioning row, long now, long leaseUntil) {
        return h.createUpdate("UPDATE credit_provisioning SET next_attempt_at = :lease, attempts = attempts + 1,"
                        + " updated_at = :now WHERE id = :id AND state = 'pending' AND next_attempt_at = :seen")
                .bind("lease", leaseUntil).bind("now", now).bind("id", row.id()).bind("seen", row.nextAttemptAt())
                .execute() == 1;
    }

    static void plan(Handle h, String id, String plan) {
        h.createUpdate("UPDATE credit_provisioning SET plan = :plan WHERE id = :id AND plan IS NULL")
                .bind("plan", plan).bind("id", id).execute();
    }

    static void applied(Handle h, String id, String stripeObjectId, long now) {
        h.createUpdate("UPDATE credit_provisioning SET state = 'applied', stripe_object_id = :object,"
                        + " last_error = NULL, updated_at = :now WHERE id = :id AND state = 'pending'")
                .bind("object", stripeObjectId).bind("now", now).bind("id", id).execute();
    }

    static void retryLater(Handle h, String id, String error, long at, long now) {
        h.createUpdate("UPDATE credit_provisioning SET next_attempt_at = :at, last_error = :error, updated_at = :now"
                        + " WHERE id = :id AND state = 'pending'")
                .bind("at", at).bind("error", error).bind("now", now).bind("id", id).execute();
    }

    static void failed(Handle h, String id, String error, long now) {
        h.createUpdate("UPDATE credit_provisioning SET state = 'failed', last_error = :error, updated_at = :now"
                        + " WHERE id = :id AND state = 'pending'")
                .bind("error", error).bind("now", now).bind("id", id).execute();
    }

    /** A failed row back to pending, due now, with a fresh attempt count; false when it is not failed. */
    static boolean requeue(Handle h, String ws, String id, long now) {
        return h.createUpdate("UPDATE credit_provisioning SET state = 'pending', attempts = 0, next_attempt_at = :now,"
                        + " updated_at = :now WHERE workspace_id = :ws AND id = :id AND state = 'failed'")
                .bind("now", now).bind("ws", ws).bind("id", id).execute() == 1;
    }

    static Optional<CreditProvisioning> byId(Handle h, String ws, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_provisioning WHERE workspace_id = :ws AND id = :id")
                .bind("ws", ws).bind("id", id).map((rs, ctx) -> read(rs)).findOne();
    }

    /** The provisioning of each of these entries that has one, by entry id. */
    static Map<String, CreditProvisioning> ofEntries(Handle h, String ws, Collection<String> entryIds) {
        Map<String, CreditProvisioning> byEntry = new HashMap<>();
        if (entryIds.isEmpty()) {
            return byEntry;
        }
        h.createQuery("SELECT " + COLUMNS + " FROM credit_provisioning WHERE workspace_id = :ws"
                        + " AND entry_id IN (<entries>)")
                .bind("ws", ws).bindList("entries", List.copyOf(entryIds)).map((rs, ctx) -> read(rs))
                .forEach(p -> byEntry.put(p.entryId(), p));
        return byEntry;
    }

    private static CreditProvisioning read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CreditProvisioning(rs.getString("id"), rs.getString("workspace_id"), rs.getString("entry_id"),
                rs.getString("state"), rs.getInt("attempts"), rs.getLong("next_attempt_at"), rs.getString("last_error"),
                rs.getString("stripe_object_id"), rs.getString("plan"), rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }
}
