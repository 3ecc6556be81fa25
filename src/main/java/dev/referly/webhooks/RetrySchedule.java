package dev.referly.webhooks;

/**
 * When a failed delivery is tried again: about 10 s after the first failure, 2 min after the
 * second, 30 min after the third, 6 h after the fourth, then daily, each stretched by up to 20%
 * of jitter (never shortened) so that receivers coming back are not hit by every sender at
 * once. A delivery is given up once its next attempt would fall past its expiry (5 days after
 * the event).
 */
final class RetrySchedule {
    static final long[] BASE_DELAYS_MILLIS = {10_000, 120_000, 1_800_000, 21_600_000};
    static final long DAILY_MILLIS = 86_400_000;
    static final double MAX_JITTER = 0.2;

    private RetrySchedule() {}

    /** The base delay after the {@code failures}-th failed attempt (1-based). */
    static long baseDelay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        return failures <= BASE_DELAYS_MILLIS.length ? BASE_DELAYS_MILLIS[failures - 1] : DAILY_MILLIS;
    }

    /** The delay with jitter; {@code random} in [0, 1). */
    static long delay(int failures, double random) {
        long base = baseDelay(failures);
        return base + (long) (base * MAX_JITTER * random);
    }
}
