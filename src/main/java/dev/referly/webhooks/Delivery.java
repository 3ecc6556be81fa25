package dev.referly.webhooks;

import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One event sent (or to be sent) to one endpoint, with every attempt made so far. */
public record Delivery(String id, String webhookId, String eventId, String eventType, String status, int attempts,
        Long nextAttemptAt, long expiresAt, Long deliveredAt, long createdAt, List<Attempt> history) {

    /** One POST: the receiver's status (null when none came back), how long it took, what it said. */
    public record Attempt(int attempt, Integer responseStatus, long latencyMs, String responseBody, String error,
            long at) {
        Map<String, Object> toApi() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("attempt", attempt);
            json.put("responseStatus", responseStatus);
            json.put("latencyMs", latencyMs);
            json.put("responseBody", responseBody);
            json.put("error", error);
            json.put("timestamp", Timestamps.iso(at));
            return json;
        }
    }

    public Map<String, Object> toApi() {
        Attempt last = history.isEmpty() ? null : history.get(history.size() - 1);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("webhookId", webhookId);
        json.put("eventId", eventId);
        json.put("event", eventType);
        json.put("status", status);
        json.put("attempt", attempts);
        json.put("responseStatus", last == null ? null : last.responseStatus());
        json.put("latencyMs", last == null ? null : last.latencyMs());
        json.put("responseBody", last == null ? null : last.responseBody());
        json.put("error", last == null ? null : last.error());
        json.put("nextAttemptAt", Deliveries.PENDING.equals(status) ? Timestamps.isoOrNull(nextAttemptAt) : null);
        json.put("expiresAt", Timestamps.iso(expiresAt));
        json.put("deliveredAt", Timestamps.isoOrNull(deliveredAt));
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("attempts", history.stream().map(Attempt::toApi).toList());
        return json;
    }
}
