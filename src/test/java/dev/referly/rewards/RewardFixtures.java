package dev.referly.rewards;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Terse builders for rewards, conditions and facts in table-driven tests. */
final class RewardFixtures {

    private RewardFixtures() {
    }

    /** "sale.productId equals_to prod_gold" or "customer.country in US|CA" (values split on |). */
    static Condition condition(String text) {
        String[] parts = text.trim().split("\\s+", 3);
        int dot = parts[0].indexOf('.');
        ConditionEntity entity = ConditionEntity.valueOf(parts[0].substring(0, dot).toUpperCase(Locale.ROOT));
        String attribute = parts[0].substring(dot + 1);
        ConditionOperator operator = ConditionOperator.valueOf(parts[1].toUpperCase(Locale.ROOT));
        List<String> values = parts.length < 3 ? List.of() : Arrays.asList(parts[2].split("\\|", -1));
        return new Condition(entity, attribute, operator, values);
    }

    /** "sale.amount=10000; customer.country=US" (blank for none). */
    static RewardFacts facts(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(";")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new RewardFacts(values);
    }

    static Reward percentSale(int basisPoints, Integer maxDuration, Modifier... modifiers) {
        return new Reward("rw_1", RewardEvent.SALE, RewardType.PERCENTAGE, 0, basisPoints, maxDuration,
                null, null, List.of(modifiers), List.of());
    }

    static Reward flatSale(long cents, Integer maxDuration, Modifier... modifiers) {
        return new Reward("rw_1", RewardEvent.SALE, RewardType.FLAT, cents, 0, maxDuration,
                null, null, List.of(modifiers), List.of());
    }

    static Reward flat(RewardEvent event, long cents, Modifier... modifiers) {
        return new Reward("rw_1", event, RewardType.FLAT, cents, 0, 0, null, null, List.of(modifiers), List.of());
    }

    /** A modifier offering a percentage when all its conditions hold. */
    static Modifier percentWhen(int basisPoints, String... conditions) {
        return new Modifier(Modifier.Operator.AND, conditions(conditions), RewardType.PERCENTAGE, null,
                basisPoints, false, null);
    }

    /** A modifier offering a flat amount when all its conditions hold. */
    static Modifier flatWhen(long cents, String... conditions) {
        return new Modifier(Modifier.Operator.AND, conditions(conditions), RewardType.FLAT, cents, null, false, null);
    }

    static List<Condition> conditions(String... texts) {
        return Arrays.stream(texts).map(RewardFixtures::condition).toList();
    }
}
