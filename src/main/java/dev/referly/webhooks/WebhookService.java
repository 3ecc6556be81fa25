package dev.referly.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.shared.Paging;
import dev.referly.shared.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Endpoints (POST/GET/PATCH/DELETE /webhooks), their secrets, the delivery log and replays.
 * Disabling an endpoint pauses its pending deliveries; enabling it again makes pending what it
 * missed: the paused ones and those given up since it began to fail.
 */
public final class WebhookService {
    public static final int MAX_NAME = 190;
    public static final int MAX_LINKS = 100;
    public static final int MAX_PAGE_SIZE = 100;
    /** How long a rotated-out secret still signs deliveries by default, and at most. */
    public static final int DEFAULT_GRACE_HOURS = 24;
    public static final int MAX_GRACE_HOURS = 7 * 24;
    static final String DISABLED_MANUALLY = "manual";
    static final String DISABLED_FAILING = "consecutive_failures";
    static final String COLUMNS = "id, workspace_id, name, url, triggers, link_ids, disabled_at, disabled_reason,"
            + " consecutive_failures, blocked_until, previous_secret_expires_at, created_at, updated_at";

    private final Jdbi jdbi;
    private final Clock clock;
    private final TargetGuard guard;

    public WebhookService(Jdbi jdbi, Clock clock, boolean allowPrivateTargets) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.guard = new TargetGuard(allowPrivateTargets);
    }

    /** An endpoint with its secret, answered once: at creation and at rotation. */
    public record WithSecret(Webhook webhook, String secret) {
        public Map<String, Object> toApi() {
            Map<String, Object> json = webhook.toApi();
            json.put("secret", secret);
            return json;
        }
    }

    // ------------------------------------------------------------------ endpoints

    public WithSecret create(String ws, Map<String, Object> body) {
        String name = name(body.get("name"));
        String url = url(body.get("url"));
        List<String> triggers = triggers(body.get("triggers"));
        List<String> linkIds = body.get("linkIds") == null ? null : linkIds(body.get("linkIds"));
        long now = clock.millis();
        String id = Ids.newId("wh_", now);
        String secret = Signatures.newSecret();
        jdbi.useTransaction(h -> {
            checkLinks(h, ws, linkIds);
            h.createUpdate("INSERT INTO webhooks (id, workspace_id, name, url, triggers, link_ids, secret, created_at,"
                            + " updated_at) VALUES (:id, :ws, :name, :url, :triggers, :links, :secret, :now, :now)")
                    .bind("id", id).bind("ws", ws).bind("name", name).bind("url", url).bind("triggers", json(triggers))
                    .bind("links", linkIds == null ? null : json(linkIds)).bind("secret", secret).bind("now", now)
                    .execute();
            writeSubscriptions(h, ws, id, triggers, linkIds);
        });
        Outbox.forget(jdbi, ws);
        return new WithSecret(get(ws, id), secret);
    }

    public List<Webhook> list(String ws) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :ws"
                        + " ORDER BY created_at, id")
                .bind("ws", ws).map((rs, ctx) -> read(rs)).list());
    }

    public Webhook get(String ws, String id) {
        return jdbi.withHandle(h -> find(h, ws, id));
    }

    /** PATCH: name, url, triggers, linkIds (null clears the scope) and disabled (true/false). */
    public Webhook update(String ws, String id, Map<String, Object> body) {
        String name = body.containsKey("name") ? name(body.get("name")) : null;
        String url = body.containsKey("url") ? url(body.get("url")) : null;
        List<String> triggers = body.containsKey("triggers") ? triggers(body.get("triggers")) : null;
        boolean scopeSent = body.containsKey("linkIds");
        List<String> linkIds = scopeSent && body.get("linkIds") != null ? linkIds(body.get("linkIds")) : null;
        Boolean disabled = null;
        if (body.containsKey("disabled")) {
            if (!(body.get("disabled") instanceof Boolean b)) {
                throw ApiException.invalid("disabled", "must be true or false");
            }
            disabled = b;
        }
        Boolean disable = disabled;
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            Webhook current = find(h, ws, id);
            checkLinks(h, ws, linkIds);
            h.createUpdate("UPDATE webhooks SET name = :name, url = :url, triggers = :triggers, link_ids = :links,"
                            + " updated_at = :now WHERE id = :id")
                    .bind("name", name != null ? name : current.name()).bind("url", url != null ? url : current.url())
                    .bind("triggers", json(triggers != null ? triggers : current.triggers()))
                    .bind("links", scopeSent ? (linkIds == null ? null : json(linkIds))
                            : (current.linkIds() == null ? null : json(current.linkIds())))
                    .bind("now", Math.max(now, current.createdAt())).bind("id", id)
                    .execute();
            if (triggers != null || scopeSent) {
                writeSubscriptions(h, ws, id, triggers != null ? triggers : current.triggers(),
                        scopeSent ? linkIds : current.linkIds());
            }
            if (Boolean.TRUE.equals(disable) && current.disabledAt() == null) {
                disable(h, id, DISABLED_MANUALLY, now);
            } else if (Boolean.FALSE.equals(disable) && current.disabledAt() != null) {
                enable(h, id, now);
            }
        });
        Outbox.forget(jdbi, ws);
        return get(ws, id);
    }

    public void delete(String ws, String id) {
        jdbi.useTransaction(h -> {
            find(h, ws, id);
            h.createUpdate("DELETE FROM webhook_attempts WHERE webhook_id = :id").bind("id", id).execute();
            for (String table : List.of("webhook_deliveries", "webhook_triggers", "webhook_links")) {
                h.createUpdate("DELETE FROM " + table + " WHERE webhook_id = :id").bind("id", id).execute();
            }
            h.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id).execute();
        });
        Outbox.forget(jdbi, ws);
    }

    /**
     * A new secret, answered once. The old one keeps signing (beside the new one) for
     * {@code graceHours}, so receivers can switch without losing a delivery.
     */
    public WithSecret rotateSecret(String ws, String id, Map<String, Object> body) {
        int grace = DEFAULT_GRACE_HOURS;
        if (body.get("gracePeriodHours") != null) {
            if (!(body.get("gracePeriodHours") instanceof Integer g) || g < 0 || g > MAX_GRACE_HOURS) {
                throw ApiException.invalid("gracePeriodHours", "must be an integer from 0 to " + MAX_GRACE_HOURS);
            }
            grace = g;
        }
        long now = clock.millis();
        String secret = Signatures.newSecret();
        long expires = now + grace * 3_600_000L;
        boolean keepOld = grace > 0;
        jdbi.useTransaction(h -> {
            find(h, ws, id);
            h.createUpdate("UPDATE webhooks SET previous_secret = " + (keepOld ? "secret" : "NULL")
                            + ", previous_secret_expires_at = :expires, secret = :secret, updated_at = :now WHERE id = :id")
                    .bind("expires", keepOld ? expires : null).bind("secret", secret).bind("now", now)
                    .bind("id", id).execute();
        });
        return new WithSecret(get(ws, id), secret);
    }

    // ------------------------------------------------------------------ deliveries

    public List<Delivery> deliveries(String ws, String webhookId, String status, String eventType, int page,
            int pageSize) {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        if (status != null && !List.of(Deliveries.PENDING, Deliveries.DELIVERED, Deliveries.FAILED, Deliveries.PAUSED)
                .contains(status)) {
            throw ApiException.invalid("status", "must be pending, delivered, failed or paused");
        }
        if (eventType != null && !EventTypes.known(eventType)) {
            throw ApiException.invalid("event", "is not an event type");
        }
        return jdbi.withHandle(h -> {
            find(h, ws, webhookId);
            List<Delivery> found = h.createQuery("SELECT d.id, d.webhook_id, d.event_id, e.event_type, d.status,"
                            + " d.attempts, d.next_attempt_at, d.expires_at, d.delivered_at, d.created_at"
                            + " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
                            + " WHERE d.webhook_id = :id" + (status == null ? "" : " AND d.status = :status")
                            + (eventType == null ? "" : " AND e.event_type = :type")
                            + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit OFFSET :offset")
                    .bind("id", webhookId).bind("status", status).bind("type", eventType).bind("limit", pageSize)
                    .bind("offset", Paging.offset(page, pageSize))
                    .map((rs, ctx) -> readDelivery(rs, List.of())).list();
            return withHistory(h, found);
        });
    }

    public Delivery delivery(String ws, String webhookId, String deliveryId) {
        return jdbi.withHandle(h -> {
            find(h, ws, webhookId);
            return withHistory(h, List.of(findDelivery(h, webhookId, deliveryId))).get(0);
        });
    }

    /** Sends the delivery again, same event id and body, as soon as the endpoint takes deliveries. */
    public Delivery replay(String ws, String webhookId, String deliveryId) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            Webhook w = find(h, ws, webhookId);
            findDelivery(h, webhookId, deliveryId);
            requeue(h, w, " AND id = :delivery", Map.of("delivery", deliveryId), now);
        });
        return delivery(ws, webhookId, deliveryId);
    }

    /** Replays the endpoint's deliveries of events created in [start, end), of one status or all but pending. */
    public int replayRange(String ws, String webhookId, Map<String, Object> body) {
        long start = instant(body, "start");
        long end = instant(body, "end");
        if (end <= start) {
            throw ApiException.invalid("end", "must be after start");
        }
        Object status = body.getOrDefault("status", "all");
        List<String> statuses = switch (status instanceof String s ? s : "") {
            case "all" -> List.of(Deliveries.DELIVERED, Deliveries.FAILED, Deliveries.PAUSED);
            case Deliveries.DELIVERED, Deliveries.FAILED -> List.of((String) status);
            default -> throw ApiException.invalid("status", "must be all, delivered or failed");
        };
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            Webhook w = find(h, ws, webhookId);
            Map<String, Object> binds = new HashMap<>();
            binds.put("start", start);
            binds.put("end", end);
            binds.put("statuses", statuses);
            return requeue(h, w, " AND created_at >= :start AND created_at < :end AND status IN (<statuses>)", binds,
                    now);
        });
    }

    private static int requeue(Handle h, Webhook w, String where, Map<String, Object> binds, long now) {
        var update = h.createUpdate("UPDATE webhook_deliveries SET status = :status, next_attempt_at = :now,"
                        + " expires_at = :expires, updated_at = :now WHERE webhook_id = :webhook" + where)
                .bind("status", w.disabledAt() == null ? Deliveries.PENDING : Deliveries.PAUSED)
                .bind("now", now).bind("expires", now + Outbox.GIVE_UP_AFTER_MILLIS).bind("webhook", w.id());
        binds.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                update.bindList(k, list);
            } else {
                update.bind(k, v);
            }
        });
        return update.execute();
    }

    // ------------------------------------------------------------------ disable / enable

    /** Stops deliveries: pending ones wait, paused, until the endpoint is enabled again. */
    static void disable(Handle h, String id, String reason, long now) {
        h.createUpdate("UPDATE webhooks SET disabled_at = :now, disabled_reason = :reason, updated_at = :now"
                        + " WHERE id = :id AND disabled_at IS NULL")
                .bind("now", now).bind("reason", reason).bind("id", id).execute();
        h.createUpdate("UPDATE webhook_deliveries SET status = :paused, updated_at = :now"
                        + " WHERE webhook_id = :id AND status = :pending")
                .bind("paused", Deliveries.PAUSED).bind("pending", Deliveries.PENDING).bind("now", now).bind("id", id)
                .execute();
    }

    /** Takes deliveries again and sends what it missed: the paused ones and those given up while it was failing. */
    private static void enable(Handle h, String id, long now) {
        Long failingSince = h.createQuery("SELECT failing_since FROM webhooks WHERE id = :id").bind("id", id)
                .mapTo(Long.class).one();
        h.createUpdate("UPDATE webhook_deliveries SET status = :pending, next_attempt_at = :now, expires_at = :expires,"
                        + " updated_at = :now WHERE webhook_id = :id AND (status = :paused"
                        + (failingSince == null ? "" : " OR (status = :failed AND created_at >= :since)") + ")")
                .bind("pending", Deliveries.PENDING).bind("paused", Deliveries.PAUSED).bind("failed", Deliveries.FAILED)
                .bind("since", failingSince).bind("now", now).bind("expires", now + Outbox.GIVE_UP_AFTER_MILLIS)
                .bind("id", id).execute();
        h.createUpdate("UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0,"
                        + " failing_since = NULL, blocked_until = NULL, updated_at = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute();
    }

    // ------------------------------------------------------------------ helpers

    private static void writeSubscriptions(Handle h, String ws, String id, List<String> triggers, List<String> linkIds) {
        h.createUpdate("DELETE FROM webhook_triggers WHERE webhook_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM webhook_links WHERE webhook_id = :id").bind("id", id).execute();
        var t = h.prepareBatch("INSERT INTO webhook_triggers (webhook_id, workspace_id, event_type) VALUES (:id, :ws, :type)");
        triggers.forEach(type -> t.bind("id", id).bind("ws", ws).bind("type", type).add());
        t.execute();
        if (linkIds != null && !linkIds.isEmpty()) {
            var l = h.prepareBatch("INSERT INTO webhook_links (webhook_id, link_id) VALUES (:id, :link)");
            linkIds.forEach(link -> l.bind("id", id).bind("link", link).add());
            l.execute();
        }
        if (triggers.contains(EventTypes.LINK_CLICKED)) {
            ClickFeed.startAtCurrentClick(h, ws);
        }
    }

    private static void checkLinks(Handle h, String ws, List<String> linkIds) {
        if (linkIds == null || linkIds.isEmpty()) {
            return;
        }
        List<String> found = h.createQuery("SELECT id FROM links WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", ws).bindList("ids", linkIds).mapTo(String.class).list();
        for (String id : linkIds) {
            if (!found.contains(id)) {
                throw ApiException.invalid("linkIds", "link " + id + " not found");
            }
        }
    }

    private static Webhook find(Handle h, String ws, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id AND workspace_id = :ws")
                .bind("id", id).bind("ws", ws).map((rs, ctx) -> read(rs)).findOne()
                .orElseThrow(() -> ApiException.notFound("Webhook not found."));
    }

    private static Delivery findDelivery(Handle h, String webhookId, String deliveryId) {
        return h.createQuery("SELECT d.id, d.webhook_id, d.event_id, e.event_type, d.status, d.attempts,"
                        + " d.next_attempt_at, d.expires_at, d.delivered_at, d.created_at FROM webhook_deliveries d"
                        + " JOIN webhook_events e ON e.id = d.event_id WHERE d.id = :id AND d.webhook_id = :webhook")
                .bind("id", deliveryId).bind("webhook", webhookId)
                .map((rs, ctx) -> readDelivery(rs, List.of())).findOne()
                .orElseThrow(() -> ApiException.notFound("Delivery not found."));
    }

    private static List<Delivery> withHistory(Handle h, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<String, List<Delivery.Attempt>> history = new HashMap<>();
        h.createQuery("SELECT delivery_id, attempt, response_status, latency_ms, response_snippet, error, ts"
                        + " FROM webhook_attempts WHERE delivery_id IN (<ids>) ORDER BY seq")
                .bindList("ids", deliveries.stream().map(Delivery::id).toList())
                .map((rs, ctx) -> {
                    int status = rs.getInt(3);
                    Integer responseStatus = rs.wasNull() ? null : status;
                    history.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Delivery.Attempt(
                            rs.getInt(2), responseStatus, rs.getLong(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                    return 0;
                }).list();
        return deliveries.stream().map(d -> new Delivery(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(),
                d.attempts(), d.nextAttemptAt(), d.expiresAt(), d.deliveredAt(), d.createdAt(),
                history.getOrDefault(d.id(), List.of()))).toList();
    }

    private static Delivery readDelivery(ResultSet rs, List<Delivery.Attempt> history) throws SQLException {
        long delivered = rs.getLong(9);
        Long deliveredAt = rs.wasNull() ? null : delivered;
        return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getLong(7), rs.getLong(8), deliveredAt, rs.getLong(10), history);
    }

    static Webhook read(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"), rs.getString("url"),
                parseList(rs.getString("triggers")), parseList(rs.getString("link_ids")), nullableLong(rs, "disabled_at"),
                rs.getString("disabled_reason"), rs.getInt("consecutive_failures"), nullableLong(rs, "blocked_until"),
                nullableLong(rs, "previous_secret_expires_at"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> parseList(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Outbox.JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt webhook column", e);
        }
    }

    private static String json(Object value) {
        try {
            return Outbox.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw ApiException.invalid("name", "is required");
        }
        if (s.length() > MAX_NAME) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        return s.strip();
    }

    private String url(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw ApiException.invalid("url", "is required");
        }
        if (s.length() > 2000) {
            throw ApiException.invalid("url", "must be at most 2000 characters");
        }
        String problem = guard.problem(s.strip());
        if (problem != null) {
            throw ApiException.invalid("url", problem);
        }
        return s.strip();
    }

    private static List<String> triggers(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw ApiException.invalid("triggers", "must be a non-empty list of event types");
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (Object t : list) {
            if (!(t instanceof String s) || !EventTypes.known(s)) {
                throw ApiException.invalid("triggers", "unknown event type " + t + "; known: "
                        + String.join(", ", EventTypes.ALL));
            }
            types.add(s);
        }
        return List.copyOf(types);
    }

    private static List<String> linkIds(Object value) {
        if (!(value instanceof List<?> list) || list.size() > MAX_LINKS
                || !list.stream().allMatch(i -> i instanceof String s && !s.isBlank())) {
            throw ApiException.invalid("linkIds", "must be a list of at most " + MAX_LINKS + " link ids");
        }
        return List.copyOf(new LinkedHashSet<>(list.stream().map(String.class::cast).toList()));
    }

    private static long instant(Map<String, Object> body, String field) {
        if (!(body.get(field) instanceof String s)) {
            throw ApiException.invalid(field, "is required (an ISO-8601 date-time)");
        }
        return Timestamps.parse(field, s);
    }

    /** The whole endpoint row the dispatcher needs, secrets included. */
    record Target(String id, String workspaceId, String url, String secret, String previousSecret,
            Long previousSecretExpiresAt, int consecutiveFailures, Long failingSince, Long disabledAt) {}

    static Optional<Target> target(Handle h, String id) {
        return h.createQuery("SELECT id, workspace_id, url, secret, previous_secret, previous_secret_expires_at,"
                        + " consecutive_failures, failing_since, disabled_at FROM webhooks WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), nullableLong(rs, "previous_secret_expires_at"), rs.getInt(7),
                        nullableLong(rs, "failing_since"), nullableLong(rs, "disabled_at")))
                .findOne();
    }
}
