package dev.referly.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * Timeseries buckets: hours or days of the caller's time zone covering [start, end). The
 * first bucket starts at the hour or local midnight at or before {@code start}; a day is
 * 23 or 25 hours long across a DST change.
 */
public final class Buckets {
    private final long[] starts;

    private Buckets(long[] starts) {
        this.starts = starts;
    }

    public static Buckets of(long start, long end, ZoneId zone, boolean hourly) {
        ZonedDateTime first = Instant.ofEpochMilli(start).atZone(zone);
        first = hourly ? first.truncatedTo(ChronoUnit.HOURS) : first.toLocalDate().atStartOfDay(zone);
        long[] out = new long[16];
        int n = 0;
        ZonedDateTime t = first;
        while (t.toInstant().toEpochMilli() < end) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = t.toInstant().toEpochMilli();
            // hours step on the instant line (a DST repeat hour is its own bucket); days on the calendar
            t = hourly ? t.plusHours(1) : t.toLocalDate().plusDays(1).atStartOfDay(zone);
        }
        if (n == 0) {
            out[n++] = first.toInstant().toEpochMilli();
        }
        return new Buckets(Arrays.copyOf(out, n));
    }

    public int size() {
        return starts.length;
    }

    public long start(int i) {
        return starts[i];
    }

    /** The bucket holding the instant, or -1 outside them. */
    public int indexOf(long ts) {
        if (ts < starts[0]) {
            return -1;
        }
        int i = Arrays.binarySearch(starts, ts);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * Whether every bucket boundary of this zone within [start, end) falls on a UTC hour, so
     * hourly rollups split exactly into buckets: offsets that are whole hours throughout.
     */
    public static boolean wholeHourOffsets(ZoneId zone, long start, long end) {
        ZoneRules rules = zone.getRules();
        Instant from = Instant.ofEpochMilli(start).minus(1, ChronoUnit.DAYS);
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        ZoneOffsetTransition tr = rules.nextTransition(from);
        while (tr != null && tr.getInstant().toEpochMilli() < end) {
            if (tr.getOffsetAfter().getTotalSeconds() % 3600 != 0 || tr.getInstant().getEpochSecond() % 3600 != 0) {
                return false;
            }
            tr = rules.nextTransition(tr.getInstant());
        }
        return true;
    }
}
