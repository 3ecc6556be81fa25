package dev.referly.programs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardJson;
import dev.referly.rewards.RewardParser;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PUT/GET/DELETE /groups/{id}/rewards/{event}: one reward per group and event. The definition
 * column holds the {@link Reward} record written by a plain Jackson ObjectMapper (the shared
 * contract: commissions read it back, and copy it as their snapshot, the same way).
 */
public final class RewardService {
    /** Reads and writes rewards.definition; records and upper-case enum names, nothing configured. */
    public static final ObjectMapper DEFINITION_MAPPER = new ObjectMapper();
    private static final String SELECT = "SELECT group_id, definition, created_at, updated_at FROM rewards";

    private final Jdbi jdbi;
    private final Clock clock;

    public RewardService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public StoredReward get(String workspaceId, String group, RewardEvent event) {
        return jdbi.withHandle(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            return forGroup(h, g.id(), event).orElseThrow(() -> noReward(g, event));
        });
    }

    /** Creates the group's reward for the event, or replaces it keeping its id. */
    public StoredReward put(String workspaceId, AuditActor actor, String group, RewardEvent event,
            Map<String, Object> body) {
        return jdbi.inTransaction(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            long now = clock.millis();
            Optional<StoredReward> existing = forGroup(h, g.id(), event);
            Reward reward = RewardParser.parse(event, body,
                    existing.map(r -> r.reward().id()).orElseGet(() -> Ids.newId("rw_", now)));
            boolean inserted = existing.isEmpty() && h.createUpdate("INSERT INTO rewards (id, workspace_id, group_id,"
                            + " event, definition, created_at, updated_at) VALUES (:id, :ws, :group, :event,"
                            + " :definition, :now, :now) ON CONFLICT (group_id, event) DO NOTHING")
                    .bind("id", reward.id()).bind("ws", workspaceId).bind("group", g.id())
                    .bind("event", event.apiName()).bind("definition", definition(reward)).bind("now", now)
                    .execute() == 1;
            if (!inserted) {
                // A reward was there already (or another request created it a moment ago): replace it, keeping its id.
                if (existing.isEmpty()) {
                    existing = forGroup(h, g.id(), event);
                    reward = RewardParser.parse(event, body, existing.orElseThrow().reward().id());
                }
                String id = reward.id();
                h.createUpdate("UPDATE rewards SET definition = :definition, updated_at = :now WHERE id = :id")
                        .bind("definition", definition(reward)).bind("now", now).bind("id", id)
                        .execute();
            }
            StoredReward stored = forGroup(h, g.id(), event).orElseThrow();
            AuditLog.append(h, now, workspaceId, actor, existing.isEmpty() ? "reward.created" : "reward.updated",
                    "reward", reward.id(), existing.map(r -> RewardJson.toApi(r.reward())).orElse(null),
                    RewardJson.toApi(reward));
            return stored;
        });
    }

    public StoredReward delete(String workspaceId, AuditActor actor, String group, RewardEvent event) {
        return jdbi.inTransaction(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            StoredReward existing = forGroup(h, g.id(), event).orElseThrow(() -> noReward(g, event));
            h.createUpdate("DELETE FROM rewards WHERE id = :id").bind("id", existing.reward().id()).execute();
            AuditLog.append(h, clock.millis(), workspaceId, actor, "reward.deleted", "reward",
                    existing.reward().id(), RewardJson.toApi(existing.reward()), null);
            return existing;
        });
    }

    /** The group's reward for an event, if it has one. */
    public static Optional<StoredReward> forGroup(Handle h, String groupId, RewardEvent event) {
        return h.createQuery(SELECT + " WHERE group_id = :group AND event = :event")
                .bind("group", groupId).bind("event", event.apiName())
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /** The rewards of several groups: group id -> event -> reward. */
    static Map<String, Map<RewardEvent, StoredReward>> forGroups(Handle h, Collection<String> groupIds) {
        Map<String, Map<RewardEvent, StoredReward>> byGroup = new HashMap<>();
        if (groupIds.isEmpty()) {
            return byGroup;
        }
        h.createQuery(SELECT + " WHERE group_id IN (<groups>)").bindList("groups", List.copyOf(groupIds))
                .map((rs, ctx) -> read(rs))
                .forEach(r -> byGroup.computeIfAbsent(r.groupId(), k -> new HashMap<>()).put(r.reward().event(), r));
        return byGroup;
    }

    public static Reward readDefinition(String json) {
        try {
            return DEFINITION_MAPPER.readValue(json, Reward.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable reward definition", e);
        }
    }

    /** The stored form of a reward: what {@code rewards.definition} holds and commissions snapshot. */
    public static String definition(Reward reward) {
        try {
            return DEFINITION_MAPPER.writeValueAsString(reward);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredReward read(ResultSet rs) throws SQLException {
        return new StoredReward(rs.getString(1), readDefinition(rs.getString(2)), rs.getLong(3), rs.getLong(4));
    }

    private static ApiException noReward(Group g, RewardEvent event) {
        return ApiException.notFound("Group " + g.slug() + " has no " + event.apiName() + " reward.");
    }
}
