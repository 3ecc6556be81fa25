package dev.referly.rewards;

import static dev.referly.rewards.RewardFixtures.conditions;
import static dev.referly.rewards.RewardFixtures.facts;
import static dev.referly.rewards.RewardFixtures.flat;
import static dev.referly.rewards.RewardFixtures.flatWhen;
import static dev.referly.rewards.RewardFixtures.percentSale;
import static dev.referly.rewards.RewardFixtures.percentWhen;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RewardEvaluatorTest {

    @ParameterizedTest(name = "{0} of [US, gold] with {1} -> {2}")
    @CsvSource(delimiter = '!', textBlock = """
            AND ! customer.country=US; sale.productId=prod_gold   ! true
            AND ! customer.country=US; sale.productId=prod_silver ! false
            AND ! customer.country=CA; sale.productId=prod_gold   ! false
            AND ! ''                                              ! false
            OR  ! customer.country=US; sale.productId=prod_silver ! true
            OR  ! customer.country=CA; sale.productId=prod_gold   ! true
            OR  ! customer.country=CA; sale.productId=prod_silver ! false
            OR  ! ''                                              ! false
            """)
    void andNeedsAllConditionsOrNeedsAny(Modifier.Operator operator, String facts, boolean matches) {
        Modifier modifier = new Modifier(operator,
                conditions("customer.country equals_to US", "sale.productId equals_to prod_gold"),
                null, null, 4000, false, null);
        RewardSelection s = RewardEvaluator.select(percentSale(1000, 0, modifier), facts(facts));
        assertThat(s.matchedModifier()).isEqualTo(matches ? 0 : null);
        assertThat(s.amountInBasisPoints()).isEqualTo(matches ? 4000 : 1000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AND", "OR"})
    void aModifierWithoutConditionsNeverMatches(Modifier.Operator operator) {
        Modifier empty = new Modifier(operator, List.of(), null, null, 9000, false, null);
        assertThat(RewardEvaluator.select(percentSale(1000, 0, empty), facts("sale.amount=100")))
                .isEqualTo(new RewardSelection(RewardType.PERCENTAGE, 0, 1000, 0, null));
    }

    static Stream<Arguments> highestAmountWins() {
        Modifier tenPct = percentWhen(1000, "customer.country equals_to US");
        Modifier twentyPct = percentWhen(2000, "customer.country equals_to US");
        Modifier fiveDollars = flatWhen(500, "customer.country equals_to US");
        Modifier sevenDollars = flatWhen(700, "customer.country equals_to US");
        Modifier fortyPctCanada = percentWhen(4000, "customer.country equals_to CA");
        return Stream.of(
                // percentages compare by what they earn on the sale
                Arguments.of(List.of(tenPct, twentyPct), "sale.amount=10000", 1),
                Arguments.of(List.of(twentyPct, tenPct), "sale.amount=10000", 0),
                // flat $5 vs 10%: 10% of $40 = $4 -> flat wins; of $60 = $6 -> percentage wins
                Arguments.of(List.of(tenPct, fiveDollars), "sale.amount=4000", 1),
                Arguments.of(List.of(tenPct, fiveDollars), "sale.amount=6000", 0),
                // 10% of $50 = $5 ties the flat $5: the earlier modifier wins, either order
                Arguments.of(List.of(tenPct, fiveDollars), "sale.amount=5000", 0),
                Arguments.of(List.of(fiveDollars, tenPct), "sale.amount=5000", 0),
                // 10% and 20% of 1 cent both round to 0: a tie, the earlier wins
                Arguments.of(List.of(tenPct, twentyPct), "sale.amount=1", 0),
                // a non-matching higher modifier never wins
                Arguments.of(List.of(fortyPctCanada, tenPct), "sale.amount=10000", 1),
                // no sale amount: flats by cents, percentages among themselves by rate
                Arguments.of(List.of(fiveDollars, sevenDollars), "", 1),
                Arguments.of(List.of(tenPct, twentyPct), "", 1),
                Arguments.of(List.of(tenPct, fiveDollars), "", 1));
    }

    @ParameterizedTest(name = "[{index}] {1} -> modifier {2}")
    @MethodSource
    void highestAmountWins(List<Modifier> modifiers, String saleFacts, int winner) {
        Reward reward = percentSale(100, null, modifiers.toArray(Modifier[]::new));
        String all = saleFacts.isEmpty() ? "customer.country=US" : saleFacts + "; customer.country=US";
        assertThat(RewardEvaluator.select(reward, facts(all)).matchedModifier()).isEqualTo(winner);
    }

    @ParameterizedTest(name = "[{index}] lead: flat modifiers compare by cents")
    @CsvSource({"500, 700, 1", "700, 500, 0", "500, 500, 0"})
    void leadModifiersCompareCents(long first, long second, int winner) {
        Reward lead = flat(RewardEvent.LEAD, 100, flatWhen(first, "customer.country equals_to US"),
                flatWhen(second, "customer.country in US|CA"));
        RewardSelection s = RewardEvaluator.select(lead, facts("customer.country=US"));
        assertThat(s.matchedModifier()).isEqualTo(winner);
        assertThat(s.amountInCents()).isEqualTo(Math.max(first, second));
    }

    static Stream<Arguments> nullModifierFieldsInherit() {
        String us = "customer.country equals_to US";
        return Stream.of(
                // only the amount set: type and duration from the base
                Arguments.of(percentSale(1000, 12, new Modifier(Modifier.Operator.AND, conditions(us),
                                null, null, 2500, false, null)),
                        new RewardSelection(RewardType.PERCENTAGE, 0, 2500, 12, 0)),
                // only the duration set: type and amount from the base
                Arguments.of(percentSale(1000, 12, new Modifier(Modifier.Operator.AND, conditions(us),
                                null, null, null, false, 3)),
                        new RewardSelection(RewardType.PERCENTAGE, 0, 1000, 3, 0)),
                // overridesDuration with null: lifetime even though the base is 12 months
                Arguments.of(percentSale(1000, 12, new Modifier(Modifier.Operator.AND, conditions(us),
                                null, null, 2000, true, null)),
                        new RewardSelection(RewardType.PERCENTAGE, 0, 2000, null, 0)),
                // overridesDuration with 0: one-time
                Arguments.of(percentSale(1000, null, new Modifier(Modifier.Operator.AND, conditions(us),
                                null, null, 2000, true, 0)),
                        new RewardSelection(RewardType.PERCENTAGE, 0, 2000, 0, 0)),
                // a type change to flat: cents from the modifier, the base's basis points dropped
                Arguments.of(percentSale(1000, null, new Modifier(Modifier.Operator.AND, conditions(us),
                                RewardType.FLAT, 2500L, null, false, null)),
                        new RewardSelection(RewardType.FLAT, 2500, 0, null, 0)),
                // a flat base with a cents-only modifier stays flat
                Arguments.of(RewardFixtures.flatSale(500, 6, new Modifier(Modifier.Operator.AND, conditions(us),
                                null, 900L, null, false, null)),
                        new RewardSelection(RewardType.FLAT, 900, 0, 6, 0)));
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @MethodSource
    void nullModifierFieldsInherit(Reward reward, RewardSelection expected) {
        assertThat(RewardEvaluator.select(reward, facts("customer.country=US; sale.amount=10000")))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "facts [{0}]")
    @CsvSource(delimiter = '!', textBlock = """
            customer.country=FR; sale.amount=10000
            ''
            """)
    void noMatchMeansTheBaseReward(String facts) {
        Reward reward = percentSale(1000, 12, percentWhen(4000, "customer.country equals_to US"));
        assertThat(RewardEvaluator.select(reward, facts(facts)))
                .isEqualTo(new RewardSelection(RewardType.PERCENTAGE, 0, 1000, 12, null));
    }
}
