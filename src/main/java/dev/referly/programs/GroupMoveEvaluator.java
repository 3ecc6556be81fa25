package dev.referly.programs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.Ids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Moves a partner to another group when it meets all of that group's move rules (group_move_rules,
 * a JSON array of {attribute, operator gte|between, value}). Called inside the transaction of each
 * lead, sale and commission change, so the move commits with the event that earned it.
 *
 * <p>A rule moves a partner to a target once: the partner_group_moves (partner_id, rule_target)
 * constraint claims the move, so concurrent events and later events never repeat it. When several
 * groups' rules hold, the most demanding one wins (highest sum of thresholds; tiers are normally
 * built on one attribute), and a partner already in a group whose rules hold and which is at least
 * as demanding stays put, so tiers never move a partner down.
 */
public final class GroupMoveEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupMoveEvaluator() {}

    /** The group the partner was moved to, if any. */
    public static Optional<String> evaluate(Handle h, String workspaceId, String partnerId, long now) {
        Optional<PartnerRow> found = h.createQuery("SELECT group_id, group_move_disabled FROM partners"
                        + " WHERE id = :id AND workspace_id = :ws")
                .bind("id", partnerId).bind("ws", workspaceId)
                .map((rs, ctx) -> new PartnerRow(rs.getString(1), rs.getBoolean(2)))
                .findOne();
        if (found.isEmpty() || found.get().moveDisabled()) {
            return Optional.empty();
        }
        List<GroupRules> groups = new ArrayList<>(h.createQuery("SELECT group_id, rules FROM group_move_rules WHERE workspace_id = :ws"
                        + " ORDER BY group_id")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> GroupRules.parse(rs.getString(1), rs.getString(2)))
                .list());
        groups.removeIf(g -> g.rules().isEmpty());
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        String current = found.get().groupId();
        PartnerTotals totals = PartnerTotals.of(h, partnerId);
        long currentRank = groups.stream().filter(g -> g.groupId().equals(current) && g.holdFor(totals))
                .mapToLong(GroupRules::rank).max().orElse(Long.MIN_VALUE);
        List<GroupRules> candidates = new ArrayList<>(groups.stream()
                .filter(g -> !g.groupId().equals(current) && g.rank() > currentRank && g.holdFor(totals))
                .toList());
        candidates.sort(Comparator.comparingLong(GroupRules::rank).reversed().thenComparing(GroupRules::groupId));
        for (GroupRules target : candidates) {
            int claimed = h.createUpdate("INSERT INTO partner_group_moves (id, workspace_id, partner_id, from_group_id,"
                            + " to_group_id, reason, rule_target, ts) VALUES (:id, :ws, :partner, :from, :to, 'rule', :to, :ts)"
                            + " ON CONFLICT (partner_id, rule_target) DO NOTHING")
                    .bind("id", Ids.newId("pgm_", now)).bind("ws", workspaceId).bind("partner", partnerId)
                    .bind("from", current).bind("to", target.groupId()).bind("ts", now)
                    .execute();
            if (claimed == 1) {
                h.createUpdate("UPDATE partners SET group_id = :to, updated_at = :now WHERE id = :id")
                        .bind("to", target.groupId()).bind("now", now).bind("id", partnerId).execute();
                GroupMove.announce(h, workspaceId, new GroupMove(partnerId, current, target.groupId(), GroupMove.RULE),
                        now);
                return Optional.of(target.groupId());
            }
        }
        return Optional.empty();
    }

    private record PartnerRow(String groupId, boolean moveDisabled) {}

    /** One rule: attribute >= min and (when between) <= max. */
    record Rule(String attribute, long min, Long max) {
        boolean holdsFor(PartnerTotals t) {
            long v = switch (attribute) {
                case "totalClicks" -> t.clicks();
                case "totalLeads" -> t.leads();
                case "totalConversions" -> t.conversions();
                case "totalSaleAmount" -> t.saleAmount();
                case "totalCommissions" -> t.commissions();
                default -> Long.MIN_VALUE; // an attribute we do not know never holds
            };
            return v != Long.MIN_VALUE && v >= min && (max == null || v <= max);
        }
    }

    record GroupRules(String groupId, List<Rule> rules) {
        boolean holdFor(PartnerTotals totals) {
            return rules.stream().allMatch(r -> r.holdsFor(totals));
        }

        long rank() {
            return rules.stream().mapToLong(Rule::min).sum();
        }

        /** Unreadable rules make the group unreachable rather than failing the conversion. */
        static GroupRules parse(String groupId, String json) {
            List<Rule> rules = new ArrayList<>();
            try {
                JsonNode array = JSON.readTree(json);
                for (JsonNode r : array) {
                    String attribute = r.path("attribute").asText();
                    String operator = r.path("operator").asText();
                    JsonNode value = r.path("value");
                    if (operator.equals("gte") && value.canConvertToLong()) {
                        rules.add(new Rule(attribute, value.asLong(), null));
                    } else if (operator.equals("between") && value.path("min").canConvertToLong()
                            && value.path("max").canConvertToLong()) {
                        rules.add(new Rule(attribute, value.path("min").asLong(), value.path("max").asLong()));
                    } else {
                        rules.add(new Rule("unreadable", Long.MAX_VALUE, null));
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                rules = List.of(new Rule("unreadable", Long.MAX_VALUE, null));
            }
            return new GroupRules(groupId, rules);
        }
    }
}
