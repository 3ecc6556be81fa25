package dev.referly.rewards;

import static dev.referly.rewards.RewardFixtures.condition;
import static dev.referly.rewards.RewardFixtures.facts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ConditionOperatorsTest {

    @ParameterizedTest(name = "[{0}] with {1} -> {2}")
    @CsvSource(delimiter = '!', textBlock = """
            # condition                                        ! facts                                  ! holds
            sale.productId equals_to prod_gold                 ! sale.productId=prod_gold                ! true
            sale.productId equals_to prod_gold                 ! sale.productId=prod_silver              ! false
            customer.country equals_to US                      ! customer.country=us                     ! true
            sale.amount equals_to 100                          ! sale.amount=100.00                      ! true
            sale.amount equals_to 100                          ! sale.amount=101                         ! false
            customer.country not_equals US                     ! customer.country=CA                     ! true
            customer.country not_equals US                     ! customer.country=Us                     ! false
            sale.productId starts_with prod_                   ! sale.productId=PROD_gold                ! true
            sale.productId starts_with prod_                   ! sale.productId=sku_prod_gold            ! false
            customer.source ends_with .com                     ! customer.source=google.COM              ! true
            customer.source ends_with .com                     ! customer.source=google.com.au           ! false
            sale.metadata.plan contains pro                    ! sale.metadata.plan=Team Pro Annual      ! true
            sale.metadata.plan contains pro                    ! sale.metadata.plan=team                 ! false
            sale.metadata.plan not_contains trial              ! sale.metadata.plan=pro                  ! true
            sale.metadata.plan not_contains trial              ! sale.metadata.plan=TRIAL-pro            ! false
            customer.country in US|CA|GB                       ! customer.country=ca                     ! true
            customer.country in US|CA|GB                       ! customer.country=FR                     ! false
            customer.country not_in US|CA                      ! customer.country=FR                     ! true
            customer.country not_in US|CA                      ! customer.country=us                     ! false
            partner.totalLeads greater_than 10                 ! partner.totalLeads=11                   ! true
            partner.totalLeads greater_than 10                 ! partner.totalLeads=10                   ! false
            partner.totalLeads greater_than 9                  ! partner.totalLeads=10                   ! true
            partner.totalSaleAmount greater_than_or_equal 5000 ! partner.totalSaleAmount=5000            ! true
            partner.totalSaleAmount greater_than_or_equal 5000 ! partner.totalSaleAmount=4999            ! false
            sale.amount less_than 1000                         ! sale.amount=999                         ! true
            sale.amount less_than 1000                         ! sale.amount=1000                        ! false
            sale.amount less_than 1000.5                       ! sale.amount=1000                        ! true
            sale.amount less_than_or_equal 1000                ! sale.amount=1000                        ! true
            sale.amount less_than_or_equal 1000                ! sale.amount=1000.01                     ! false
            customer.subscriptionDurationMonths greater_than 2 ! customer.subscriptionDurationMonths=12  ! true
            sale.amount greater_than 9007199254740993          ! sale.amount=9007199254740994            ! true
            customer.signupDate greater_than 2024-01-01        ! customer.signupDate=2024-01-01T00:00:01Z ! true
            customer.signupDate greater_than 2024-01-01        ! customer.signupDate=2024-01-01T00:00:00Z ! false
            customer.signupDate less_than 2024-03-01T00:00:00Z ! customer.signupDate=2024-02-29          ! true
            customer.signupDate less_than 2024-03-01           ! customer.signupDate=2024-03-01T01:00:00+02:00 ! true
            customer.signupDate greater_than_or_equal 2024-03-01 ! customer.signupDate=2024-03-01T00:00:00 ! true
            customer.signupDate less_than_or_equal 2023-12-31  ! customer.signupDate=2024-01-01           ! false
            customer.signupDate greater_than 2024-01-01        ! customer.signupDate=not a date           ! false
            customer.country greater_than 5                    ! customer.country=US                      ! false
            """)
    void operatorsCompareFactsWithValues(String condition, String facts, boolean holds) {
        assertThat(RewardEvaluator.holds(condition(condition), facts(facts))).isEqualTo(holds);
    }

    static final Set<ConditionOperator> NEGATIVE =
            EnumSet.of(ConditionOperator.NOT_EQUALS, ConditionOperator.NOT_CONTAINS, ConditionOperator.NOT_IN);

    @ParameterizedTest(name = "{0} on a missing fact")
    @EnumSource(ConditionOperator.class)
    void aMissingFactFailsPositiveOperatorsAndPassesNegativeOnes(ConditionOperator operator) {
        Condition condition = new Condition(ConditionEntity.CUSTOMER, "country", operator, java.util.List.of("US"));
        boolean holds = RewardEvaluator.holds(condition, facts("sale.productId=prod_gold"));
        assertThat(holds).isEqualTo(NEGATIVE.contains(operator));
    }

    @Test
    void everyOperatorHasARowInTheTable() throws NoSuchMethodException {
        String table = ConditionOperatorsTest.class.getDeclaredMethod("operatorsCompareFactsWithValues",
                String.class, String.class, boolean.class).getAnnotation(CsvSource.class).textBlock();
        Set<String> covered = Arrays.stream(ConditionOperator.values()).map(ConditionOperator::apiName)
                .filter(name -> table.contains(" " + name + " ")).collect(Collectors.toSet());
        assertThat(covered).hasSize(ConditionOperator.values().length);
    }
}
