package dev.referly.programs;

import dev.referly.rewards.RewardJson;
import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a customer referred by the group's partners gets (Dub's dual-sided incentive).
 *
 * @param amount      cents when type is flat, basis points when percentage
 * @param maxDuration months the discount applies: 0 once, N months, null forever
 */
public record Discount(String id, String workspaceId, String groupId, String type, long amount, Integer maxDuration,
        String description, String couponId, String couponTestId, long createdAt, long updatedAt) {

    public static final String FLAT = "flat";
    public static final String PERCENTAGE = "percentage";

    /** Dub's Discount object: amount is cents (flat) or the percentage as a number (12.5). */
    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("groupId", groupId);
        json.put("type", type);
        json.put("amount", PERCENTAGE.equals(type) ? RewardJson.percent((int) amount) : (Object) amount);
        json.put("maxDuration", maxDuration);
        json.put("description", description);
        json.put("couponId", couponId);
        json.put("couponTestId", couponTestId);
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }

    Map<String, Object> auditState() {
        Map<String, Object> json = toApi();
        json.remove("updatedAt");
        return json;
    }
}
