package dev.referly.programs;

import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardJson;
import dev.referly.shared.Timestamps;
import java.util.Map;

/** A group's reward for one event as stored: the validated definition plus where and when. */
public record StoredReward(String groupId, Reward reward, long createdAt, long updatedAt) {

    public Map<String, Object> toApi() {
        Map<String, Object> json = RewardJson.toApi(reward);
        json.put("groupId", groupId);
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }
}
