package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    @ParameterizedTest
    @CsvSource({
            // failures, random, delay millis
            "1, 0.0, 10000",
            "1, 0.5, 11000",
            "1, 0.999, 11998",
            "2, 0.0, 120000",
            "3, 0.0, 1800000",
            "4, 0.0, 21600000",
            "4, 0.25, 22680000",
            "5, 0.0, 86400000",
            "9, 0.0, 86400000",
            "30, 0.5, 95040000",
    })
    void delaysGrowThenStayDailyWithUpToTwentyPercentJitter(int failures, double random, long expected) {
        assertThat(RetrySchedule.delay(failures, random)).isEqualTo(expected);
    }

    @Test
    void jitterNeverShortensADelay() {
        for (int failures = 1; failures < 12; failures++) {
            long base = RetrySchedule.baseDelay(failures);
            assertThat(RetrySchedule.delay(failures, 0)).isEqualTo(base);
            assertThat(RetrySchedule.delay(failures, 0.9999)).isBetween(base, base + base / 5);
        }
    }

    @Test
    void aDeliveryRetriedUntilItsFiveDaysAreOverIsTriedNineTimes() {
        long t = 0;
        int attempts = 1;
        while (t + RetrySchedule.baseDelay(attempts) < Outbox.GIVE_UP_AFTER_MILLIS) {
            t += RetrySchedule.baseDelay(attempts);
            attempts++;
        }
        assertThat(attempts).isEqualTo(9);
    }

    @Test
    void thereIsNoDelayBeforeTheFirstFailure() {
        assertThatThrownBy(() -> RetrySchedule.baseDelay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
