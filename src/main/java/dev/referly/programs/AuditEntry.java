package dev.referly.programs;

import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded change: {@code before} and {@code after} are the target's API shape as it was
 * and as it became (null when it did not exist).
 */
public record AuditEntry(String id, Map<String, Object> actor, String action, String targetType, String targetId,
        Object before, Object after, long createdAt) {

    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("actor", actor);
        json.put("action", action);
        json.put("targetType", targetType);
        json.put("targetId", targetId);
        json.put("before", before);
        json.put("after", after);
        json.put("createdAt", Timestamps.iso(createdAt));
        return json;
    }
}
