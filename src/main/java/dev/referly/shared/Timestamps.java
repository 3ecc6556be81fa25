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

    /** Accepts an ISO instant, an offset date-time or a plain date (midnight UTC). */
    public static long parse(String field, String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    throw ApiException.invalid(field, "must be an ISO-8601 date-time");
                }
            }
        }
    }
}
