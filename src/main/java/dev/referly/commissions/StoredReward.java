package dev.referly.commissions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.programs.RewardService;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardEvent;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** A group's reward for one event, with its stored JSON (the commission's snapshot); read through the programs' RewardService. */
record StoredReward(String id, Reward reward, String json) {
    /** Plain Jackson, as the rewards API writes the definition (records, upper-case enum names). */
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Optional<StoredReward> forGroup(Handle h, String groupId, RewardEvent event) {
        if (groupId == null) {
            return Optional.empty();
        }
        return RewardService.forGroup(h, groupId, event)
                .map(stored -> new StoredReward(stored.reward().id(), stored.reward(),
                        RewardService.definition(stored.reward())));
    }

    static StoredReward parse(String id, String json) {
        try {
            return new StoredReward(id, JSON.readValue(json, Reward.class), json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reward " + id + " has an unreadable definition", e);
        }
    }
}
