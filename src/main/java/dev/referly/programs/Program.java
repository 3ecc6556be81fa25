package dev.referly.programs;

import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/** A workspace's partner program (one per workspace). minPayoutAmount is in the currency's minor units. */
public record Program(String id, String workspaceId, String name, String slug, String url, String currency,
        long minPayoutAmount, String defaultGroupId, String termsUrl, String helpUrl, long createdAt, long updatedAt) {

    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("workspaceId", workspaceId);
        json.put("name", name);
        json.put("slug", slug);
        json.put("url", url);
        json.put("currency", currency);
        json.put("minPayoutAmount", minPayoutAmount);
        json.put("defaultGroupId", defaultGroupId);
        json.put("termsUrl", termsUrl);
        json.put("helpUrl", helpUrl);
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }

    /** The audit log's view: without updatedAt, so a no-op PATCH compares equal. */
    Map<String, Object> auditState() {
        Map<String, Object> json = toApi();
        json.remove("updatedAt");
        return json;
    }
}
