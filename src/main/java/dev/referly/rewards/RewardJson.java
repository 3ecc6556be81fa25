package dev.referly.rewards;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Reward} in the API's shape, the one {@link RewardParser} reads: sending a GET's
 * answer back in a PUT gives the same reward.
 */
public final class RewardJson {
    private RewardJson() {}

    public static Map<String, Object> toApi(Reward r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("event", r.event().apiName());
        json.put("type", lower(r.type()));
        json.put("amountInCents", r.type() == RewardType.FLAT ? r.amountInCents() : null);
        json.put("amountInPercentage", r.type() == RewardType.PERCENTAGE ? percent(r.amountInBasisPoints()) : null);
        json.put("maxDuration", r.maxDuration());
        json.put("description", r.description());
        json.put("tooltipDescription", r.tooltipDescription());
        json.put("tooltipHtml", TooltipMarkdown.toHtml(r.tooltipDescription()));
        List<Object> modifiers = new ArrayList<>();
        for (Modifier m : r.modifiers()) {
            modifiers.add(modifier(m));
        }
        json.put("modifiers", modifiers);
        List<Object> limits = new ArrayList<>();
        for (SpendLimit l : r.spendLimits()) {
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("scope", lower(l.scope()));
            limit.put("period", lower(l.period()));
            limit.put("amountInCents", l.amountInCents());
            limits.add(limit);
        }
        json.put("spendLimits", limits);
        return json;
    }

    /** Basis points as the percentage number the API speaks: 1250 -> 12.5, 3000 -> 30, 5 -> 0.05. */
    public static BigDecimal percent(int basisPoints) {
        BigDecimal p = BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return p.scale() < 0 ? p.setScale(0) : p;
    }

    private static Map<String, Object> modifier(Modifier m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operator", m.operator().name());
        List<Object> conditions = new ArrayList<>();
        for (Condition c : m.conditions()) {
            conditions.add(condition(c));
        }
        json.put("conditions", conditions);
        json.put("type", m.type() == null ? null : lower(m.type()));
        json.put("amountInCents", m.amountInCents());
        json.put("amountInPercentage", m.amountInBasisPoints() == null ? null : percent(m.amountInBasisPoints()));
        if (m.overridesDuration()) {
            json.put("maxDuration", m.maxDuration());
        }
        return json;
    }

    private static Map<String, Object> condition(Condition c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entity", c.entity().apiName());
        json.put("attribute", c.attribute());
        json.put("operator", c.operator().apiName());
        boolean integer = RewardParser.isInteger(c.entity(), c.attribute());
        List<Object> values = new ArrayList<>();
        for (String v : c.values()) {
            values.add(integer ? (Object) Long.valueOf(v) : v);
        }
        boolean many = c.operator() == ConditionOperator.IN || c.operator() == ConditionOperator.NOT_IN;
        json.put("value", many ? values : values.isEmpty() ? null : values.get(0));
        return json;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
