package dev.referly.rewards;

import static dev.referly.rewards.RewardFixtures.facts;
import static dev.referly.rewards.RewardFixtures.flatWhen;
import static dev.referly.rewards.RewardFixtures.percentSale;
import static dev.referly.rewards.RewardFixtures.percentWhen;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommissionMathTest {

    @ParameterizedTest(name = "{0} {1}/{2} bps on {3} x{4} -> {5}")
    @CsvSource({
            "FLAT,       2500, 0,    10000, 1, 2500",
            "FLAT,       2500, 0,    10000, 3, 7500",   // flat counts the quantity
            "FLAT,       2500, 0,    10000, 0, 0",
            "FLAT,       2500, 0,    10000, -2, 0",     // a negative quantity earns nothing
            "PERCENTAGE, 0,    3000, 10000, 1, 3000",
            "PERCENTAGE, 0,    3000, 10000, 5, 3000",   // the sale amount is already the total
            "PERCENTAGE, 0,    1,    5000,  1, 1",      // 0.5 cent rounds up
            "PERCENTAGE, 0,    1,    4999,  1, 0",      // 0.4999 rounds down
            "PERCENTAGE, 0,    1,    50,    1, 0",      // 1 bps of 50 cents
            "PERCENTAGE, 0,    3050, 999,   1, 305",    // 304.695 -> 305
            "PERCENTAGE, 0,    2500, 2,     1, 1",      // 0.5 -> 1
            "PERCENTAGE, 0,    3000, -10000, 1, 0",     // never negative
    })
    void saleEarnings(RewardType type, long cents, int bps, long saleAmount, int quantity, long expected) {
        RewardSelection s = new RewardSelection(type, cents, bps, null, null);
        assertThat(CommissionMath.saleEarnings(s, saleAmount, quantity)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}c x{3} -> {4}")
    @CsvSource({
            "FLAT,       500,  0,    1, 500",
            "FLAT,       500,  0,    4, 2000",
            "FLAT,       10,   0,    0, 0",
            "FLAT,       10,   0,    -1, 0",
            "PERCENTAGE, 0,    3000, 1, 0",   // a lead has no amount to take a share of
    })
    void leadEarnings(RewardType type, long cents, int bps, int quantity, long expected) {
        RewardSelection s = new RewardSelection(type, cents, bps, 0, null);
        assertThat(CommissionMath.leadEarnings(s, quantity)).isEqualTo(expected);
    }

    @Test
    void seedExampleFortyPercentOnGoldTenOtherwise() {
        Reward reward = percentSale(1000, null, percentWhen(4000, "sale.productId equals_to prod_gold"));
        LineItemEarnings earnings = CommissionMath.saleEarnings(reward, facts("customer.country=US"), List.of(
                new SaleLine("prod_gold", 10000, 1),
                new SaleLine("prod_silver", 5000, 1)));

        assertThat(earnings.total()).isEqualTo(4500);
        assertThat(earnings.lines()).containsExactly(
                new LineEarning("prod_gold", 10000,
                        new RewardSelection(RewardType.PERCENTAGE, 0, 4000, null, 0), 4000),
                new LineEarning("prod_silver", 5000,
                        new RewardSelection(RewardType.PERCENTAGE, 0, 1000, null, null), 500));
    }

    @Test
    void eachLineRoundsOnItsOwn() {
        // 1 bps of 5000 is 0.5 -> 1 per line: three lines earn 3, where the 15000 total would earn 2
        Reward reward = percentSale(1, 0);
        LineItemEarnings earnings = CommissionMath.saleEarnings(reward, facts("sale.amount=15000"), List.of(
                new SaleLine("a", 5000, 1), new SaleLine("b", 5000, 1), new SaleLine("c", 5000, 1)));
        assertThat(earnings.total()).isEqualTo(3);
        assertThat(CommissionMath.saleEarnings(RewardSelection.base(reward), 15000, 1)).isEqualTo(2);
    }

    @Test
    void linesOverrideTheSaleFactsAndKeepTheOthers() {
        // A flat $20 for big gold lines from US customers; the line's amount, not the order's, decides.
        Reward reward = percentSale(1000, null,
                flatWhen(2000, "sale.productId equals_to prod_gold", "sale.amount greater_than_or_equal 10000",
                        "customer.country equals_to US"));
        LineItemEarnings earnings = CommissionMath.saleEarnings(reward,
                facts("customer.country=US; sale.amount=99999; sale.productId=prod_gold"), List.of(
                        new SaleLine("prod_gold", 12000, 2),    // flat $20 x 2
                        new SaleLine("prod_gold", 9000, 1),     // under the line threshold: 10% = 900
                        new SaleLine(null, 20000, 1)));         // no product: 10% = 2000
        assertThat(earnings.lines()).extracting(LineEarning::earnings).containsExactly(4000L, 900L, 2000L);
        assertThat(earnings.total()).isEqualTo(6900);
    }

    @Test
    void noLinesEarnNothing() {
        assertThat(CommissionMath.saleEarnings(percentSale(1000, null), facts(""), List.of()))
                .isEqualTo(new LineItemEarnings(0, List.of()));
    }
}
