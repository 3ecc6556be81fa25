package dev.referly.dashboard;

import dev.referly.rewards.RewardDescriber;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How numbers, money and instants read on the pages. */
final class Format {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {}

    static String money(long minor, String currency) {
        return RewardDescriber.money(minor, currency);
    }

    /** {@code part} of {@code whole} as a percentage with one decimal ("12.5%"), or "–" when whole is 0. */
    static String rate(long part, long whole) {
        if (whole == 0) {
            return "–";
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String when(Long millis) {
        return millis == null ? "" : WHEN.format(Instant.ofEpochMilli(millis));
    }

    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
