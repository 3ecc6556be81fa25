package dev.referly.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.Ids;
import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The outbox writer features call, on the handle of the transaction that makes the change, so
 * the event commits or rolls back with it and a crash after the commit loses nothing: the
 * dispatcher of any process delivers it later.
 *
 * <p>Cheap when nobody listens: a workspace whose endpoints do not subscribe to the type costs a
 * cached set lookup (see {@link OutboxConfig}); only then is the payload rendered and written,
 * as one {@code webhook_events} row and one {@code webhook_deliveries} row per endpoint (paused
 * for a disabled endpoint, so re-enabling it delivers what it missed). This package imports none
 * of the features that call it.
 */
public final class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();
    /** A delivery is given up this long after its event (unless replayed). */
    static final long GIVE_UP_AFTER_MILLIS = 5L * 24 * 3_600_000;

    private Outbox() {}

    /** Makes {@link #append} write events for this database, rendering payloads with {@code renderer}. */
    public static void install(Jdbi jdbi, EventRenderer renderer) {
        jdbi.getConfig(OutboxConfig.class).install(renderer);
    }

    /**
     * Records {@code eventType} about {@code subject} for every endpoint of the workspace that
     * subscribes to it, in the caller's transaction.
     *
     * @param linkId the link the event concerns, for endpoints scoped to links; null when none
     * @param at     the time of the change (the event's createdAt)
     */
    public static void append(Handle h, String workspaceId, String eventType, String linkId, Object subject, long at) {
        OutboxConfig config = h.getConfig(OutboxConfig.class);
        EventRenderer renderer = config.renderer();
        if (renderer == null || !config.subscribed(h, workspaceId, eventType)) {
            return;
        }
        List<Target> targets = targets(h, workspaceId, eventType, linkId);
        if (targets.isEmpty()) {
            return;
        }
        Object data = renderer.render(h, workspaceId, eventType, subject);
        if (data == null) {
            LOG.log(Level.FINE, "No " + eventType + " event: its subject is gone");
            return;
        }
        String eventId = Ids.newId("evt_", at);
        h.createUpdate("INSERT INTO webhook_events (id, workspace_id, event_type, link_id, payload, created_at)"
                        + " VALUES (:id, :ws, :type, :link, :payload, :at)")
                .bind("id", eventId).bind("ws", workspaceId).bind("type", eventType).bind("link", linkId)
                .bind("payload", envelope(eventId, eventType, at, data)).bind("at", at)
                .execute();
        PreparedBatch batch = h.prepareBatch("INSERT INTO webhook_deliveries (id, webhook_id, event_id, workspace_id,"
                + " status, attempts, next_attempt_at, expires_at, created_at, updated_at) VALUES (:id, :webhook, :event,"
                + " :ws, :status, 0, :at, :expires, :at, :at)");
        for (Target t : targets) {
            batch.bind("id", Ids.newId("whd_", at)).bind("webhook", t.webhookId()).bind("event", eventId)
                    .bind("ws", workspaceId).bind("status", t.disabled() ? Deliveries.PAUSED : Deliveries.PENDING)
                    .bind("at", at).bind("expires", at + GIVE_UP_AFTER_MILLIS).add();
        }
        batch.execute();
    }

    /** Endpoints subscribed to the type, minus those scoped to other links. */
    private static List<Target> targets(Handle h, String workspaceId, String eventType, String linkId) {
        String scope = linkId == null ? ""
                : " AND (w.link_ids IS NULL OR EXISTS (SELECT 1 FROM webhook_links l WHERE l.webhook_id = w.id"
                        + " AND l.link_id = :link))";
        return h.createQuery("SELECT w.id, w.disabled_at FROM webhook_triggers t JOIN webhooks w ON w.id = t.webhook_id"
                        + " WHERE t.workspace_id = :ws AND t.event_type = :type" + scope + " ORDER BY w.id")
                .bind("ws", workspaceId).bind("type", eventType).bind("link", linkId)
                .map((rs, ctx) -> {
                    String id = rs.getString(1);
                    rs.getLong(2);
                    return new Target(id, !rs.wasNull());
                })
                .list();
    }

    private record Target(String webhookId, boolean disabled) {}

    /** The exact body every attempt sends: Dub's envelope. */
    static String envelope(String eventId, String eventType, long at, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", eventId);
        envelope.put("event", eventType);
        envelope.put("createdAt", Timestamps.iso(at));
        envelope.put("data", data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a " + eventType + " event", e);
        }
    }

    /** Tells this process's cache that the workspace's subscriptions changed. */
    static void forget(Jdbi jdbi, String workspaceId) {
        jdbi.getConfig(OutboxConfig.class).forget(workspaceId);
    }
}
