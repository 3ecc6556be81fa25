package dev.referly.programs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.referly.shared.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group's move rules: when every rule holds for a partner's totals, the partner belongs in
 * the group. Pure: validation, matching and the overlap test between two groups' rules.
 */
public final class MoveRules {
    public static final List<String> ATTRIBUTES = List.of("totalLeads", "totalConversions", "totalSaleAmount",
            "totalCommissions");
    /** Far above any real total, low enough that no arithmetic on it overflows. */
    static final long MAX_VALUE = 1_000_000_000_000L;

    private MoveRules() {}

    /**
     * Validates a PUT body. Like Dub: values are positive integers, a range's max is above its
     * min; and each attribute appears at most once (two rules on one attribute are one range).
     */
    public static List<MoveRule> parse(List<Object> body) {
        if (body.size() > ATTRIBUTES.size()) {
            throw ApiException.invalid("rules", "must have at most " + ATTRIBUTES.size() + " rules, one per attribute");
        }
        List<MoveRule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            String path = "rules[" + i + "]";
            if (!(body.get(i) instanceof Map<?, ?> rule)) {
                throw ApiException.invalid(path, "must be an object");
            }
            if (!(rule.get("attribute") instanceof String attribute) || !ATTRIBUTES.contains(attribute)) {
                throw ApiException.invalid(path + ".attribute", "must be one of " + ATTRIBUTES);
            }
            if (!seen.add(attribute)) {
                throw ApiException.invalid(path + ".attribute", attribute + " already has a rule; use one between"
                        + " rule for a range");
            }
            Object operator = rule.containsKey("operator") ? rule.get("operator") : "gte";
            Object value = rule.get("value");
            if ("gte".equals(operator)) {
                rules.add(new MoveRule(attribute, positive(path + ".value", value), null));
            } else if ("between".equals(operator)) {
                if (!(value instanceof Map<?, ?> range)) {
                    throw ApiException.invalid(path + ".value", "between takes {\"min\": n, \"max\": m}");
                }
                long min = positive(path + ".value.min", range.get("min"));
                long max = positive(path + ".value.max", range.get("max"));
                if (max <= min) {
                    throw ApiException.invalid(path + ".value.max", "must be greater than min");
                }
                rules.add(new MoveRule(attribute, min, max));
            } else {
                throw ApiException.invalid(path + ".operator", "must be gte or between");
            }
        }
        return rules;
    }

    private static long positive(String field, Object value) {
        return Fields.integer(field, value, 1, MAX_VALUE, false);
    }

    /** True when the partner's totals satisfy every rule; an empty rule set moves nobody. */
    public static boolean holdFor(List<MoveRule> rules, PartnerTotals totals) {
        return !rules.isEmpty() && rules.stream().allMatch(r -> r.holdsFor(totals));
    }

    /**
     * Whether some partner's totals could satisfy both rule sets at once. Totals are independent
     * and unbounded, so only attributes both sets constrain can tell them apart: the sets
     * overlap unless, on at least one shared attribute, their ranges ([min, +inf) for gte,
     * [min, max] for between) are disjoint. Two sets on different attributes always overlap;
     * an empty set matches nobody and overlaps nothing. Returns the attribute values of a
     * partner who would satisfy both, as evidence.
     */
    public static Optional<Map<String, Long>> overlap(List<MoveRule> a, List<MoveRule> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        Map<String, MoveRule> byAttribute = new HashMap<>();
        for (MoveRule r : b) {
            byAttribute.put(r.attribute(), r);
        }
        Map<String, Long> witness = new java.util.TreeMap<>();
        for (MoveRule r : a) {
            MoveRule other = byAttribute.remove(r.attribute());
            long low = r.min();
            if (other != null) {
                low = Math.max(r.min(), other.min());
                long high = Math.min(upper(r), upper(other));
                if (low > high) {
                    return Optional.empty();
                }
            }
            witness.put(r.attribute(), low);
        }
        byAttribute.values().forEach(r -> witness.put(r.attribute(), r.min()));
        return Optional.of(witness);
    }

    private static long upper(MoveRule r) {
        return r.max() == null ? Long.MAX_VALUE : r.max();
    }

    public static List<Map<String, Object>> toApi(List<MoveRule> rules) {
        return rules.stream().map(MoveRule::toApi).toList();
    }

    /** The group_move_rules.rules column: the API's JSON array. */
    static String toJson(List<MoveRule> rules) {
        return AuditLog.json(toApi(rules));
    }

    /** Reads a stored rules column back. */
    public static List<MoveRule> fromJson(String json) {
        try {
            return parse(AuditLog.MAPPER.readValue(json, new TypeReference<List<Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable move rules", e);
        }
    }
}
