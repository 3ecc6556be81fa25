package dev.referly.programs;

import dev.referly.rewards.RewardEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A group with what hangs off it: its rewards, discount, move rules and how many partners it has. */
public record GroupView(Group group, Map<RewardEvent, StoredReward> rewards, Discount discount,
        List<MoveRule> moveRules, long partnersCount) {

    public Map<String, Object> toApi() {
        Map<String, Object> own = group.toApi();
        Map<String, Object> json = new LinkedHashMap<>(own);
        json.remove("createdAt");
        json.remove("updatedAt");
        for (RewardEvent event : RewardEvent.values()) {
            StoredReward r = rewards.get(event);
            json.put(event.apiName() + "RewardId", r == null ? null : r.reward().id());
            json.put(event.apiName() + "Reward", r == null ? null : r.toApi());
        }
        json.put("discountId", discount == null ? null : discount.id());
        json.put("discount", discount == null ? null : discount.toApi());
        json.put("moveRules", MoveRules.toApi(moveRules));
        json.put("partnersCount", partnersCount);
        json.put("createdAt", own.get("createdAt"));
        json.put("updatedAt", own.get("updatedAt"));
        return json;
    }
}
