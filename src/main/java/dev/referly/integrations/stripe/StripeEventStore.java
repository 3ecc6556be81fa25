package dev.referly.integrations.stripe;

import dev.referly.shared.Paging;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * SQL for received events. The (workspace, event id) unique constraint is the claim: one
 * transaction inserts the row and applies the event, and every other delivery of it, in this
 * process or another, finds the row (after that transaction ends) and does nothing. A failed
 * event is the one exception: it is claimed again by the next delivery or by an admin's retry.
 */
final class StripeEventStore {
    static final String APPLIED = "applied";
    static final String WAITING = "waiting";
    static final String IGNORED = "ignored";
    static final String FAILED = "failed";
    /** Inside the applying transaction only: never seen committed. */
    private static final String RECEIVED = "received";
    static final int MAX_REASON = 1_000;

    private StripeEventStore() {}

    /**
     * Claims a new event, or a failed one for another attempt. Empty when claimed; otherwise the
     * stored event that makes this delivery a duplicate.
     */
    static Optional<StoredEvent> claim(Handle h, String workspaceId, StripeEvent e, long now) {
        int inserted = h.createUpdate("INSERT INTO stripe_events (workspace_id, event_id, type, livemode, state, payload,"
                        + " attempts, stripe_created_at, received_at, updated_at) VALUES (:ws, :id, :type, :live, :state,"
                        + " :payload, 1, :created, :now, :now) ON CONFLICT (workspace_id, event_id) DO NOTHING")
                .bind("ws", workspaceId).bind("id", e.id()).bind("type", e.type()).bind("live", e.livemode())
                .bind("state", RECEIVED).bind("payload", e.payload()).bind("created", e.createdMillis())
                .bind("now", now).execute();
        if (inserted == 1 || reclaim(h, workspaceId, e.id(), Set.of(FAILED), now)) {
            return Optional.empty();
        }
        return get(h, workspaceId, e.id());
    }

    /** Takes a stored event in one of {@code states} for another attempt; false when it is in none of them. */
    static boolean reclaim(Handle h, String workspaceId, String eventId, Set<String> states, long now) {
        return h.createUpdate("UPDATE stripe_events SET state = :received, attempts = attempts + 1, updated_at = :now"
                        + " WHERE workspace_id = :ws AND event_id = :id AND state IN (<states>)")
                .bind("received", RECEIVED).bind("now", now).bind("ws", workspaceId).bind("id", eventId)
                .bindList("states", List.copyOf(states)).execute() == 1;
    }

    /** Records an event that is acknowledged without being applied (test mode, unused types), once. */
    static Optional<StoredEvent> insertIgnored(Handle h, String workspaceId, StripeEvent e, String reason, long now) {
        int inserted = h.createUpdate("INSERT INTO stripe_events (workspace_id, event_id, type, livemode, state, reason,"
                        + " payload, attempts, stripe_created_at, received_at, updated_at) VALUES (:ws, :id, :type, :live,"
                        + " :state, :reason, :payload, 1, :created, :now, :now)"
                        + " ON CONFLICT (workspace_id, event_id) DO NOTHING")
                .bind("ws", workspaceId).bind("id", e.id()).bind("type", e.type()).bind("live", e.livemode())
                .bind("state", IGNORED).bind("reason", clip(reason)).bind("payload", e.payload())
                .bind("created", e.createdMillis()).bind("now", now).execute();
        return inserted == 1 ? Optional.empty() : get(h, workspaceId, e.id());
    }

    /** Stores the outcome of a claimed event and what it waits for, if anything. */
    static void finish(Handle h, String workspaceId, String eventId, Outcome outcome, long now) {
        h.createUpdate("UPDATE stripe_events SET state = :state, reason = :reason, updated_at = :now"
                        + " WHERE workspace_id = :ws AND event_id = :id")
                .bind("state", outcome.state()).bind("reason", clip(outcome.reason())).bind("now", now)
                .bind("ws", workspaceId).bind("id", eventId).execute();
        h.createUpdate("DELETE FROM stripe_event_waits WHERE workspace_id = :ws AND event_id = :id")
                .bind("ws", workspaceId).bind("id", eventId).execute();
        if (outcome instanceof Outcome.Waiting w && !w.waitsFor().isEmpty()) {
            var batch = h.prepareBatch("INSERT INTO stripe_event_waits (workspace_id, wait_key, event_id)"
                    + " VALUES (:ws, :key, :id) ON CONFLICT DO NOTHING");
            for (String key : w.waitsFor()) {
                batch.bind("ws", workspaceId).bind("key", key).bind("id", eventId).add();
            }
            batch.execute();
        }
    }

    /**
     * Marks an event failed after its transaction was rolled back: inserted when that attempt was
     * its first, else updated from failed or waiting (never over an event applied meanwhile).
     */
    static void recordFailure(Handle h, String workspaceId, StripeEvent e, String reason, long now) {
        h.createUpdate("INSERT INTO stripe_events (workspace_id, event_id, type, livemode, state, reason, payload,"
                        + " attempts, stripe_created_at, received_at, updated_at) VALUES (:ws, :id, :type, :live, :failed,"
                        + " :reason, :payload, 1, :created, :now, :now) ON CONFLICT (workspace_id, event_id) DO UPDATE"
                        + " SET state = :failed, reason = :reason, attempts = stripe_events.attempts + 1, updated_at = :now"
                        + " WHERE stripe_events.state IN (:failedState, :waiting)")
                .bind("ws", workspaceId).bind("id", e.id()).bind("type", e.type()).bind("live", e.livemode())
                .bind("failed", FAILED).bind("failedState", FAILED).bind("waiting", WAITING)
                .bind("reason", clip(reason)).bind("payload", e.payload()).bind("created", e.createdMillis())
                .bind("now", now).execute();
    }

    /** The waiting events that wait for any of {@code keys}, oldest first. */
    static List<String> waitingFor(Handle h, String workspaceId, Set<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT e.event_id FROM stripe_events e WHERE e.workspace_id = :ws AND e.state = :waiting"
                        + " AND e.event_id IN (SELECT w.event_id FROM stripe_event_waits w WHERE w.workspace_id = :ws"
                        + " AND w.wait_key IN (<keys>)) ORDER BY e.seq")
                .bind("ws", workspaceId).bind("waiting", WAITING).bindList("keys", List.copyOf(keys))
                .mapTo(String.class).list();
    }

    static Optional<StoredEvent> get(Handle h, String workspaceId, String eventId) {
        return h.createQuery("SELECT * FROM stripe_events WHERE workspace_id = :ws AND event_id = :id")
                .bind("ws", workspaceId).bind("id", eventId)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static List<StoredEvent> list(Handle h, String workspaceId, String state, String type, int page, int pageSize) {
        return h.createQuery("SELECT * FROM stripe_events WHERE workspace_id = :ws"
                        + (state == null ? "" : " AND state = :state") + (type == null ? "" : " AND type = :type")
                        + " ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .bind("ws", workspaceId).bind("state", state).bind("type", type).bind("limit", pageSize)
                .bind("offset", Paging.offset(page, pageSize))
                .map((rs, ctx) -> read(rs)).list();
    }

    private static StoredEvent read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredEvent(rs.getLong("seq"), rs.getString("workspace_id"), rs.getString("event_id"),
                rs.getString("type"), rs.getBoolean("livemode"), rs.getString("state"), rs.getString("reason"),
                rs.getInt("attempts"), rs.getLong("stripe_created_at"), rs.getLong("received_at"),
                rs.getLong("updated_at"), rs.getString("payload"));
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }
}
