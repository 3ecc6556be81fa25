package dev.referly.rewards;

import java.util.Map;
import java.util.Optional;

/**
 * What is known about a conversion when its reward is chosen, keyed like
 * {@link Condition#factKey()}: "customer.country" -> "US", "sale.amount" -> "10000",
 * "sale.metadata.plan" -> "pro", "partner.totalLeads" -> "12". Numbers are exact decimal
 * strings; dates are ISO-8601. A missing fact makes its conditions false (not_* true).
 */
public record RewardFacts(Map<String, String> values) {

    public RewardFacts {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
