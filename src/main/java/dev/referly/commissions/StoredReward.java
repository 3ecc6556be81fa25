package dev.referly.commissions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardEvent;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** A group's reward for one event as stored in {@code rewards}, with the JSON it was read from (the snapshot). */
record StoredReward(String id, Reward reward, String json) {
    /** Plain Jackson, as the rewards API writes the definition (records, upper-case enum names). */
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Optional<StoredReward> forGroup(Handle h, String groupId, RewardEvent event) {
        if (groupId == null) {
            return Optional.empty();
        }
        return h.createQuery("SELECT id, definition FROM rewards WHERE group_id = :group AND LOWER(event) = :event")
                .bind("group", groupId).bind("event", event.apiName())
                .map((rs, ctx) -> parse(rs.getString(1), rs.getString(2)))
                .findOne();
    }

    static StoredReward parse(String id, String json) {
        try {
            return new StoredReward(id, JSON.readValue(json, Reward.class), json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reward " + id + " has an unreadable definition", e);
        }
    }
}
