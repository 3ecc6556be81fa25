package dev.referly.rewards;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether one condition holds for the facts of a conversion.
 *
 * <p>String comparisons ignore case (Locale.ROOT): countries arrive as "US" or "us" depending on
 * the source, and ids that differ only by case are not a real-world distinction worth a missed
 * commission. Equality (equals_to, not_equals, in, not_in) is numeric when both sides are numbers
 * ("100" equals "100.00"). Ordering operators compare numbers exactly (BigDecimal) or, when both
 * sides are ISO-8601 dates or instants, chronologically (a bare date is its UTC midnight); any
 * other pair does not compare, so the condition is false. A missing fact makes positive operators
 * false and negative ones (not_equals, not_contains, not_in) true.
 */
final class ConditionMatcher {

    private ConditionMatcher() {
    }

    static boolean matches(Condition condition, RewardFacts facts) {
        Optional<String> fact = facts.get(condition.factKey());
        ConditionOperator op = condition.operator();
        if (fact.isEmpty()) {
            return isNegative(op);
        }
        String value = fact.get();
        List<String> operands = condition.values();
        String first = operands.isEmpty() ? null : operands.get(0);
        return switch (op) {
            case EQUALS_TO -> first != null && same(value, first);
            case NOT_EQUALS -> first == null || !same(value, first);
            case STARTS_WITH -> first != null && lower(value).startsWith(lower(first));
            case ENDS_WITH -> first != null && lower(value).endsWith(lower(first));
            case CONTAINS -> first != null && lower(value).contains(lower(first));
            case NOT_CONTAINS -> first == null || !lower(value).contains(lower(first));
            case IN -> operands.stream().anyMatch(o -> same(value, o));
            case NOT_IN -> operands.stream().noneMatch(o -> same(value, o));
            case GREATER_THAN -> first != null && compare(value, first) instanceof Integer c && c > 0;
            case GREATER_THAN_OR_EQUAL -> first != null && compare(value, first) instanceof Integer c && c >= 0;
            case LESS_THAN -> first != null && compare(value, first) instanceof Integer c && c < 0;
            case LESS_THAN_OR_EQUAL -> first != null && compare(value, first) instanceof Integer c && c <= 0;
        };
    }

    static boolean isNegative(ConditionOperator op) {
        return op == ConditionOperator.NOT_EQUALS || op == ConditionOperator.NOT_CONTAINS
                || op == ConditionOperator.NOT_IN;
    }

    private static boolean same(String fact, String operand) {
        BigDecimal a = number(fact);
        BigDecimal b = number(operand);
        if (a != null && b != null) {
            return a.compareTo(b) == 0;
        }
        return fact.trim().equalsIgnoreCase(operand.trim());
    }

    /** The order of fact against operand, or null when they are not two numbers nor two dates. */
    private static Integer compare(String fact, String operand) {
        BigDecimal a = number(fact);
        BigDecimal b = number(operand);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        Instant x = instant(fact);
        Instant y = instant(operand);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return null;
    }

    static BigDecimal number(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        String t = s.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.length() > 19 && (t.charAt(t.length() - 6) == '+' || t.charAt(t.length() - 6) == '-')) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
