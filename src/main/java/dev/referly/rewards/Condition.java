package dev.referly.rewards;

import java.util.List;

/**
 * One test on a fact of the conversion, e.g. sale.productId equals_to prod_gold.
 *
 * @param attribute the attribute within the entity: country, source, signupDate,
 *                  subscriptionDurationMonths (customer); productId, amount, type, metadata.KEY
 *                  (sale); metadata.KEY (lead); country, totalClicks, totalLeads,
 *                  totalConversions, totalSaleAmount, totalCommissions (partner)
 * @param values    the operand as exact strings: one value, or several for in / not_in
 */
public record Condition(ConditionEntity entity, String attribute, ConditionOperator operator, List<String> values) {

    public Condition {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** The key of the fact this condition reads, e.g. "sale.productId". */
    public String factKey() {
        return entity.apiName() + "." + attribute;
    }
}
