package dev.referly.rewards;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** Spend limit periods (calendar, UTC) and how much of an earning still fits under a cap. */
public final class SpendLimits {

    private SpendLimits() {
    }

    /** Epoch millis where the period holding {@code at} starts; Long.MIN_VALUE for all time. */
    public static long periodStart(SpendLimit.Period period, long at) {
        LocalDate day = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (period) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case ALL_TIME -> null;
        };
        return start == null ? Long.MIN_VALUE : start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The part of {@code earnings} that fits under {@code limit} given what was already earned. */
    public static long clamp(long earnings, long limit, long alreadyEarned) {
        long room;
        try {
            room = Math.subtractExact(limit, alreadyEarned);
        } catch (ArithmeticException e) {
            room = alreadyEarned < 0 ? Long.MAX_VALUE : 0;
        }
        return Math.max(0, Math.min(earnings, room));
    }
}
