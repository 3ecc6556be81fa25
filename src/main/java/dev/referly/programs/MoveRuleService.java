package dev.referly.programs;

import dev.referly.shared.ApiException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * GET/PUT /groups/{id}/move-rules. Any group may have rules, the default one included. No two
 * groups' rules may overlap (see {@link MoveRules#overlap}): a partner must never qualify for
 * two groups at once, or which one they land in would depend on event order.
 */
public final class MoveRuleService {
    private final Jdbi jdbi;
    private final Clock clock;

    public MoveRuleService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public List<MoveRule> get(String workspaceId, String group) {
        return jdbi.withHandle(h -> forGroup(h, GroupService.find(h, workspaceId, group).id()).orElse(List.of()));
    }

    /** Replaces the group's rules; an empty array clears them. */
    public List<MoveRule> put(String workspaceId, AuditActor actor, String group, List<Object> body) {
        return jdbi.inTransaction(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            List<MoveRule> rules = MoveRules.parse(body);
            // Serializes rule changes per workspace, so two groups cannot gain overlapping rules at once.
            ProgramService.lock(h, workspaceId);
            Map<String, List<MoveRule>> others = h.createQuery("SELECT r.group_id, r.rules, g.name FROM group_move_rules r"
                            + " JOIN partner_groups g ON g.id = r.group_id WHERE r.workspace_id = :ws AND r.group_id <> :id")
                    .bind("ws", workspaceId).bind("id", g.id())
                    .map((rs, ctx) -> Map.entry(rs.getString(1) + " (" + rs.getString(3) + ")",
                            MoveRules.fromJson(rs.getString(2))))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            for (Map.Entry<String, List<MoveRule>> other : others.entrySet()) {
                Optional<Map<String, Long>> witness = MoveRules.overlap(rules, other.getValue());
                if (witness.isPresent()) {
                    throw ApiException.badRequest("These move rules overlap with those of group " + other.getKey()
                            + ": a partner with " + witness.get() + " would qualify for both groups. Make the ranges"
                            + " of a shared attribute disjoint (use between).");
                }
            }
            Optional<List<MoveRule>> before = forGroup(h, g.id());
            long now = clock.millis();
            if (rules.isEmpty()) {
                h.createUpdate("DELETE FROM group_move_rules WHERE group_id = :id").bind("id", g.id()).execute();
            } else {
                h.createUpdate("INSERT INTO group_move_rules (group_id, workspace_id, rules, updated_at)"
                                + " VALUES (:id, :ws, :rules, :now)"
                                + " ON CONFLICT (group_id) DO UPDATE SET rules = :rules, updated_at = :now")
                        .bind("id", g.id()).bind("ws", workspaceId).bind("rules", MoveRules.toJson(rules))
                        .bind("now", now)
                        .execute();
            }
            AuditLog.append(h, now, workspaceId, actor, "move_rules.updated", "move_rules", g.id(),
                    before.map(MoveRules::toApi).orElse(null), rules.isEmpty() ? null : MoveRules.toApi(rules));
            return rules;
        });
    }

    /** The group's rules, if it has any. */
    public static Optional<List<MoveRule>> forGroup(Handle h, String groupId) {
        return h.createQuery("SELECT rules FROM group_move_rules WHERE group_id = :id").bind("id", groupId)
                .mapTo(String.class).findOne().map(MoveRules::fromJson);
    }

    static Map<String, List<MoveRule>> forGroups(Handle h, Collection<String> groupIds) {
        Map<String, List<MoveRule>> byGroup = new HashMap<>();
        if (!groupIds.isEmpty()) {
            h.createQuery("SELECT group_id, rules FROM group_move_rules WHERE group_id IN (<ids>)")
                    .bindList("ids", List.copyOf(groupIds))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), MoveRules.fromJson(rs.getString(2))))
                    .forEach(e -> byGroup.put(e.getKey(), e.getValue()));
        }
        return byGroup;
    }
}
