package dev.referly.programs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who made a change the audit log records. Today only API keys change programs; the key is
 * named by its id and its partial form (never the key itself).
 */
public record AuditActor(String type, String id, String partialKey) {

    public static AuditActor apiKey(String keyId, String partialKey) {
        return new AuditActor("api_key", keyId, partialKey);
    }

    Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("id", id);
        json.put("partialKey", partialKey);
        return json;
    }
}
