package dev.referly.programs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rule of a group's move rules: the partner's total for {@code attribute} is at least
 * {@code min} and, for "between", at most {@code max} (inclusive). Money attributes are in cents.
 */
public record MoveRule(String attribute, long min, Long max) {

    public String operator() {
        return max == null ? "gte" : "between";
    }

    /** The partner's value of this rule's attribute. */
    public long valueOf(PartnerTotals totals) {
        return switch (attribute) {
            case "totalLeads" -> totals.leads();
            case "totalConversions" -> totals.conversions();
            case "totalSaleAmount" -> totals.saleAmount();
            case "totalCommissions" -> totals.commissions();
            default -> throw new IllegalStateException("Unknown move rule attribute " + attribute);
        };
    }

    public boolean holdsFor(PartnerTotals totals) {
        long v = valueOf(totals);
        return v >= min && (max == null || v <= max);
    }

    /** The stored and API shape: {attribute, operator: gte, value: n} or {..., operator: between, value: {min, max}}. */
    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attribute", attribute);
        json.put("operator", operator());
        if (max == null) {
            json.put("value", min);
        } else {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("min", min);
            range.put("max", max);
            json.put("value", range);
        }
        return json;
    }
}
