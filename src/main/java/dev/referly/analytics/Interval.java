package dev.referly.analytics;

import dev.referly.shared.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Dub's named reporting intervals, resolved to a start instant in the caller's time zone. */
public enum Interval {
    H24("24h"), D7("7d"), D30("30d"), D90("90d"), Y1("1y"), MTD("mtd"), QTD("qtd"), YTD("ytd"), ALL("all");

    private final String label;

    Interval(String label) {
        this.label = label;
    }

    public static Interval parse(String text) {
        for (Interval i : values()) {
            if (i.label.equals(text)) {
                return i;
            }
        }
        throw ApiException.invalid("interval", "must be one of 24h, 7d, 30d, 90d, 1y, mtd, qtd, ytd, all");
    }

    public long start(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (this) {
            case H24 -> now.minus(24, ChronoUnit.HOURS).toEpochMilli();
            case D7 -> now.minus(7, ChronoUnit.DAYS).toEpochMilli();
            case D30 -> now.minus(30, ChronoUnit.DAYS).toEpochMilli();
            case D90 -> now.minus(90, ChronoUnit.DAYS).toEpochMilli();
            case Y1 -> now.minus(365, ChronoUnit.DAYS).toEpochMilli();
            case MTD -> startOfDay(today.withDayOfMonth(1), zone);
            case QTD -> startOfDay(today.withMonth(((today.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1), zone);
            case YTD -> startOfDay(today.withDayOfYear(1), zone);
            case ALL -> 0L;
        };
    }

    private static long startOfDay(LocalDate date, ZoneId zone) {
        ZonedDateTime start = date.atStartOfDay(zone);
        return start.toInstant().toEpochMilli();
    }
}
