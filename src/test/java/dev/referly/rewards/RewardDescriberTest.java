package dev.referly.rewards;

import static dev.referly.rewards.RewardFixtures.conditions;
import static dev.referly.rewards.RewardFixtures.facts;
import static dev.referly.rewards.RewardFixtures.percentWhen;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewardDescriberTest {

    @ParameterizedTest(name = "{0} {1} {2}c/{3}bps for {4} -> {6}")
    @CsvSource(nullValues = "null", delimiter = '!', textBlock = """
            SALE  ! PERCENTAGE ! 0    ! 3000 ! 12   ! null             ! 30% of every sale for 12 months
            SALE  ! PERCENTAGE ! 0    ! 3000 ! 1    ! null             ! 30% of every sale for 1 month
            SALE  ! PERCENTAGE ! 0    ! 3000 ! 0    ! null             ! 30% of the first sale
            SALE  ! PERCENTAGE ! 0    ! 3000 ! null ! null             ! 30% of every sale, for the customer's lifetime
            SALE  ! PERCENTAGE ! 0    ! 3050 ! 6    ! null             ! 30.5% of every sale for 6 months
            SALE  ! PERCENTAGE ! 0    ! 1    ! 0    ! null             ! 0.01% of the first sale
            SALE  ! FLAT       ! 2500 ! 0    ! 12   ! null             ! $25.00 per sale for 12 months
            SALE  ! FLAT       ! 2500 ! 0    ! 0    ! null             ! $25.00 for the first sale
            SALE  ! FLAT       ! 2500 ! 0    ! null ! null             ! $25.00 per sale, for the customer's lifetime
            LEAD  ! FLAT       ! 500  ! 0    ! 0    ! null             ! $5.00 per lead
            LEAD  ! FLAT       ! 500  ! 0    ! 0    ! Earn on sign-ups ! $5.00 per lead
            CLICK ! FLAT       ! 10   ! 0    ! 0    ! null             ! $0.10 per click
            CLICK ! FLAT       ! 123456 ! 0  ! 0    ! null             ! $1,234.56 per click
            LEAD  ! FLAT       ! 0    ! 0    ! 0    ! A free T-shirt   ! A free T-shirt
            SALE  ! PERCENTAGE ! 0    ! 0    ! null ! ' One month free ' ! One month free
            LEAD  ! FLAT       ! 0    ! 0    ! 0    ! '  '             ! $0.00 per lead
            """)
    void describesTheBaseReward(RewardEvent event, RewardType type, long cents, int bps, Integer maxDuration,
                                String description, String expected) {
        Reward reward = new Reward("rw_1", event, type, cents, bps, maxDuration, description, null, List.of(), List.of());
        assertThat(RewardDescriber.describe(reward)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '!', textBlock = """
            500     ! usd ! $5.00
            -500    ! usd ! -$5.00
            0       ! USD ! $0.00
            123456  ! eur ! 1,234.56 EUR
            500     ! jpy ! 500 JPY
            1500000 ! jpy ! 1,500,000 JPY
            1234    ! bhd ! 1.234 BHD
            """)
    void formatsMoneyFromMinorUnits(long minor, String currency, String expected) {
        assertThat(RewardDescriber.money(minor, currency)).isEqualTo(expected);
    }

    @Test
    void describesInOtherCurrencies() {
        Reward lead = RewardFixtures.flat(RewardEvent.LEAD, 500);
        assertThat(RewardDescriber.describe(lead, "eur")).isEqualTo("5.00 EUR per lead");
    }

    @ParameterizedTest(name = "{0} on {1} -> {3}")
    @CsvSource(delimiter = '!', textBlock = """
            prod_gold   ! 10000 ! 1 ! 40% of $100.00 (modifier 1: sale.productId equals_to prod_gold)
            prod_silver ! 5000  ! 1 ! 10% of $50.00
            prod_vip    ! 2000  ! 3 ! $25.00 per sale × 3 (modifier 2: sale.productId starts_with prod_v or customer.country in US, CA)
            prod_vip    ! 2000  ! 1 ! $25.00 per sale (modifier 2: sale.productId starts_with prod_v or customer.country in US, CA)
            """)
    void explainsAComputedCommission(String productId, long amount, int quantity, String expected) {
        Reward reward = RewardFixtures.percentSale(1000, null,
                percentWhen(4000, "sale.productId equals_to prod_gold"),
                new Modifier(Modifier.Operator.OR,
                        conditions("sale.productId starts_with prod_v", "customer.country in US|CA"),
                        RewardType.FLAT, 2500L, null, false, null));
        RewardSelection s = RewardEvaluator.select(reward,
                facts("sale.productId=" + productId + "; sale.amount=" + amount));
        assertThat(RewardDescriber.explain(reward, s, amount, quantity, "usd")).isEqualTo(expected);
    }

    @Test
    void explainsFlatClicksAndLeads() {
        Reward click = RewardFixtures.flat(RewardEvent.CLICK, 10);
        assertThat(RewardDescriber.explain(click, RewardSelection.base(click), 0, 37, "usd"))
                .isEqualTo("$0.10 per click × 37");
        Reward lead = RewardFixtures.flat(RewardEvent.LEAD, 500);
        assertThat(RewardDescriber.explain(lead, RewardSelection.base(lead), 0, 1, "usd")).isEqualTo("$5.00 per lead");
    }

    @Test
    void describesModifiersWithInheritedTerms() {
        Reward reward = RewardFixtures.percentSale(1000, 12,
                percentWhen(4000, "sale.productId equals_to prod_gold", "customer.country not_in US|CA"));
        assertThat(RewardDescriber.describeModifier(reward, 0, "usd"))
                .isEqualTo("40% of every sale for 12 months when sale.productId equals_to prod_gold"
                        + " and customer.country not_in US, CA");
    }
}
