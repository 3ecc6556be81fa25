package dev.referly.shared;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Instants travel as epoch milliseconds inside, ISO-8601 UTC strings outside. */
public final class Timestamps {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private Timestamps() {}

    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String isoOrNull(Long epochMillis) {
        return epochMillis == null ? null : iso(epochMillis);
    }

    /** The range a four-digit ISO year spans; beyond it epoch milliseconds overflow or make no sense. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** Accepts an ISO instant, an offset date-time or a plain date (midnight UTC), in years 1 to 9999. */
    public static long parse(String field, String text) {
        Instant instant = parseInstant(field, text);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.invalid(field, "must be a date between years 0001 and 9999");
        }
        return instant.toEpochMilli();
    }

    private static Instant parseInstant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw ApiException.invalid(field, "must be an ISO-8601 date-time");
                }
            }
        }
    }
}
