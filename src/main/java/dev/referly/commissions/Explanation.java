package dev.referly.commissions;

import dev.referly.rewards.Condition;
import dev.referly.rewards.LineEarning;
import dev.referly.rewards.Modifier;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardSelection;
import dev.referly.rewards.RewardType;
import dev.referly.rewards.SpendLimit;
import dev.referly.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sentence stored with each commission saying how its number came about, e.g.
 * "Sale reward rw_1: 40% of $100.00 (condition group 1: sale.productId equals_to prod_gold)
 * + 10% of $50.00 = $45.00".
 */
final class Explanation {
    private Explanation() {}

    /** One term: what it pays on and, when a condition group chose it, which one. */
    static String term(Reward reward, RewardSelection s, long saleAmount, int quantity, String currency) {
        String arithmetic = s.type() == RewardType.PERCENTAGE
                ? percent(s.amountInBasisPoints()) + " of " + money(saleAmount, currency)
                : money(s.amountInCents(), currency) + (quantity == 1 ? "" : " x " + quantity);
        return arithmetic + group(reward, s);
    }

    static String lines(Reward reward, List<LineEarning> lines, String currency) {
        return lines.stream().map(l -> term(reward, l.selection(), l.amount(), 1, currency)
                        + (l.productId() == null ? "" : " [" + l.productId() + "]"))
                .collect(Collectors.joining(" + "));
    }

    static String sentence(String event, String rewardId, String terms, long earnings, String currency) {
        return capitalized(event) + " reward " + rewardId + ": " + terms + " = " + money(earnings, currency);
    }

    static String capped(long before, long after, SpendLimit limit, long alreadyEarned, String currency) {
        return ", capped to " + money(after, currency) + " from " + money(before, currency) + " by the "
                + limit.scope().name().toLowerCase(Locale.ROOT) + " " + period(limit.period()) + " limit of "
                + money(limit.amountInCents(), currency) + " (" + money(alreadyEarned, currency) + " already earned)";
    }

    private static String group(Reward reward, RewardSelection s) {
        if (s.matchedModifier() == null) {
            return "";
        }
        Modifier m = reward.modifiers().get(s.matchedModifier());
        String joiner = m.operator() == Modifier.Operator.OR ? " or " : " and ";
        return " (condition group " + (s.matchedModifier() + 1) + ": "
                + m.conditions().stream().map(Explanation::condition).collect(Collectors.joining(joiner)) + ")";
    }

    private static String condition(Condition c) {
        return c.factKey() + " " + c.operator().apiName() + " " + String.join(",", c.values());
    }

    private static String period(SpendLimit.Period p) {
        return switch (p) {
            case DAY -> "daily";
            case WEEK -> "weekly";
            case MONTH -> "monthly";
            case ALL_TIME -> "all-time";
        };
    }

    static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }

    static String money(long minor, String currency) {
        BigDecimal major = new Money(minor, currency).major();
        return currency.equalsIgnoreCase("usd")
                ? (minor < 0 ? "-$" + major.negate().toPlainString() : "$" + major.toPlainString())
                : major.toPlainString() + " " + currency.toUpperCase(Locale.ROOT);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
