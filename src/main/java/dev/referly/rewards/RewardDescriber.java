package dev.referly.rewards;

import dev.referly.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plain-language text for rewards: the preview a dashboard shows ("30% of every sale for 12
 * months", "$5.00 per lead") and the one-line reason a commission earned what it did
 * ("40% of $100.00 (modifier 1: sale.productId equals_to prod_gold)"). Amounts are formatted from
 * minor units: "$1,234.56" for usd, "1,234.56 EUR" / "500 JPY" otherwise.
 */
public final class RewardDescriber {

    private RewardDescriber() {
    }

    /** The base reward in usd. */
    public static String describe(Reward reward) {
        return describe(reward, Money.USD);
    }

    /**
     * The base reward; a reward worth nothing with a description (a non-monetary reward: swag,
     * a free month) is its description.
     */
    public static String describe(Reward reward, String currency) {
        RewardSelection base = RewardSelection.base(reward);
        boolean worthNothing = base.amountInCents() == 0 && base.amountInBasisPoints() == 0;
        if (worthNothing && reward.description() != null && !reward.description().isBlank()) {
            return reward.description().strip();
        }
        return terms(reward.event(), base, currency);
    }

    /** One modifier as its terms and when it applies, e.g. "40% of every sale when sale.productId equals_to prod_gold". */
    public static String describeModifier(Reward reward, int index, String currency) {
        Modifier modifier = reward.modifiers().get(index);
        RewardSelection s = RewardEvaluator.resolve(reward, modifier, index);
        return terms(reward.event(), s, currency) + " when " + conditions(modifier);
    }

    /**
     * What chosen terms pay for an event: "$0.10 per click", "$5.00 per lead", "30% of the first
     * sale", "30% of every sale for 12 months", "$25.00 per sale, for the customer's lifetime".
     */
    public static String terms(RewardEvent event, RewardSelection s, String currency) {
        boolean flat = s.type() == RewardType.FLAT;
        String amount = flat ? money(s.amountInCents(), currency) : percent(s.amountInBasisPoints());
        return switch (event) {
            case CLICK -> amount + " per click";
            case LEAD -> amount + " per lead";
            case SALE -> {
                Integer months = s.maxDuration();
                if (months != null && months <= 0) {
                    yield amount + (flat ? " for the first sale" : " of the first sale");
                }
                String each = amount + (flat ? " per sale" : " of every sale");
                yield months == null
                        ? each + ", for the customer's lifetime"
                        : each + " for " + months + (months == 1 ? " month" : " months");
            }
        };
    }

    /**
     * Why a commission earned what it did, in one line: "40% of $100.00 (modifier 1:
     * sale.productId equals_to prod_gold)", "$0.10 per click × 37", "$5.00 per lead".
     *
     * @param amount   the sale amount (or line amount) in minor units; unused for flat terms
     * @param quantity units; shown when more than one and the terms are flat
     */
    public static String explain(Reward reward, RewardSelection s, long amount, int quantity, String currency) {
        StringBuilder line = new StringBuilder();
        if (s.type() == RewardType.PERCENTAGE) {
            line.append(percent(s.amountInBasisPoints())).append(" of ").append(money(amount, currency));
        } else {
            line.append(money(s.amountInCents(), currency)).append(" per ").append(reward.event().apiName());
            if (quantity > 1) {
                line.append(" × ").append(quantity);
            }
        }
        Integer index = s.matchedModifier();
        if (index != null && index >= 0 && index < reward.modifiers().size()) {
            line.append(" (modifier ").append(index + 1).append(": ")
                    .append(conditions(reward.modifiers().get(index))).append(')');
        }
        return line.toString();
    }

    /** A condition group as text: "sale.productId equals_to prod_gold and customer.country in US, CA". */
    public static String conditions(Modifier modifier) {
        String joiner = modifier.operator() == Modifier.Operator.OR ? " or " : " and ";
        return modifier.conditions().stream().map(RewardDescriber::condition).collect(Collectors.joining(joiner));
    }

    public static String condition(Condition c) {
        List<String> values = c.values();
        return c.factKey() + " " + c.operator().apiName() + (values.isEmpty() ? "" : " " + String.join(", ", values));
    }

    /** Basis points as a percentage without trailing zeros: 3000 -> "30%", 3050 -> "30.5%", 1 -> "0.01%". */
    public static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Minor units as money: "$1,234.56" for usd, "1,234.56 EUR" or "500 JPY" otherwise. */
    public static String money(long minor, String currency) {
        String code = currency == null || currency.isBlank() ? Money.USD : currency.toLowerCase(Locale.ROOT);
        int digits = Money.isCurrency(code) ? Money.minorDigits(code) : 2;
        BigDecimal major = BigDecimal.valueOf(minor, digits);
        String number = String.format(Locale.ROOT, "%,." + digits + "f", major.abs());
        String sign = minor < 0 ? "-" : "";
        return Money.USD.equals(code)
                ? sign + "$" + number
                : sign + number + " " + code.toUpperCase(Locale.ROOT);
    }
}
