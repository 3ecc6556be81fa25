package dev.referly.http;

import dev.referly.analytics.ClickEvent;
import dev.referly.analytics.EventFilter;
import dev.referly.analytics.EventService;
import dev.referly.analytics.Interval;
import dev.referly.clicks.Click;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /events: Dub's event list. */
final class EventRoutes {
    private final EventService events;
    private final Authenticator auth;
    private final Clock clock;

    EventRoutes(EventService events, Authenticator auth, Clock clock) {
        this.events = events;
        this.auth = auth;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.get("/events", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        String event = p.text("event") == null ? "clicks" : p.text("event");
        if (!event.equals("clicks")) {
            throw ApiException.invalid("event", "only clicks can be listed by this version of the server");
        }
        EventFilter filter = filter(p);
        Json.send(res, 200, events.clicks(ws, filter).stream().map(EventRoutes::clickEvent).toList());
    }

    private EventFilter filter(Params p) {
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

    private static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw ApiException.invalid("timezone", "must be an IANA time zone such as America/New_York");
        }
    }

    static Map<String, Object> click(Click c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("timestamp", Timestamps.iso(c.timestamp()));
        json.put("url", c.url());
        json.put("country", c.country());
        json.put("city", c.city());
        json.put("region", c.region());
        json.put("continent", c.continent());
        json.put("device", c.device());
        json.put("browser", c.browser());
        json.put("os", c.os());
        json.put("ua", c.userAgent());
        json.put("trigger", c.trigger());
        json.put("referer", c.referer());
        json.put("refererUrl", c.refererUrl());
        json.put("qr", c.qr());
        json.put("ip", c.ip() == null ? "" : c.ip());
        return json;
    }

    private static Map<String, Object> clickEvent(ClickEvent e) {
        Click c = e.click();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "click");
        json.put("timestamp", Timestamps.iso(c.timestamp()));
        json.put("click", click(c));
        json.put("link", LinkJson.of(e.link()));
        // Dub's flat legacy keys, still required by its SDK's schema
        json.put("click_id", c.id());
        json.put("link_id", e.link().id());
        json.put("domain", e.link().domain());
        json.put("key", e.link().key());
        json.put("url", c.url());
        json.put("continent", c.continent());
        json.put("country", c.country());
        json.put("city", c.city());
        json.put("device", c.device());
        json.put("browser", c.browser());
        json.put("os", c.os());
        json.put("qr", c.qr() ? 1 : 0);
        json.put("ip", c.ip() == null ? "" : c.ip());
        return json;
    }
}
