package dev.referly.webhooks;

import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint: where a workspace's events go. The secret is never part of it; it is shown
 * once, when created or rotated ({@link WebhookService.WithSecret}).
 *
 * @param linkIds     the links it is scoped to, or null for all
 * @param retryingAt  while failing: when the next attempt is due (other deliveries wait for it)
 */
public record Webhook(String id, String workspaceId, String name, String url, List<String> triggers,
        List<String> linkIds, Long disabledAt, String disabledReason, int consecutiveFailures, Long retryingAt,
        Long previousSecretExpiresAt, long createdAt, long updatedAt) {

    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("url", url);
        json.put("triggers", triggers);
        json.put("linkIds", linkIds == null ? List.of() : linkIds);
        json.put("disabledAt", Timestamps.isoOrNull(disabledAt));
        json.put("disabledReason", disabledReason);
        json.put("consecutiveFailures", consecutiveFailures);
        json.put("retryingAt", Timestamps.isoOrNull(retryingAt));
        json.put("previousSecretExpiresAt", Timestamps.isoOrNull(previousSecretExpiresAt));
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }
}
