package dev.referly.http;

import dev.referly.analytics.EventFilter;
import dev.referly.analytics.Interval;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The event filters GET /events and GET /analytics share: range, time zone, link and visitor filters. */
final class FilterParams {
    private FilterParams() {}

    static EventFilter filter(Params p, Clock clock) {
        ZoneId zone = zone(p.text("timezone"));
        long now = clock.millis();
        long end = p.text("end") == null ? now + 1 : Timestamps.parse("end", p.text("end"));
        long start = p.text("start") != null
                ? Timestamps.parse("start", p.text("start"))
                : Interval.parse(p.text("interval") == null ? "24h" : p.text("interval")).start(clock.instant(), zone);
        String trigger = p.text("trigger");
        if (trigger == null && p.text("qr") != null) {
            trigger = p.bool("qr", false) ? "qr" : "link";
        }
        return new EventFilter(start, end, p.text("linkId"), p.text("domain"), p.text("key"), p.text("externalId"),
                p.text("tenantId"), p.text("partnerId"), p.text("country"), p.text("city"), p.text("region"),
                p.text("continent"), p.text("device"), p.text("browser"), p.text("os"), p.text("referer"),
                p.text("refererUrl"), trigger, p.text("utm_source"), p.text("utm_medium"), p.text("utm_campaign"),
                p.text("utm_term"), p.text("utm_content"), p.integer("page", 1), p.integer("limit", 100),
                p.ascending("sortOrder"));
    }

    static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw ApiException.invalid("timezone", "must be an IANA time zone such as America/New_York");
        }
    }
}
