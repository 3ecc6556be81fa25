package dev.referly.http;

import dev.referly.analytics.ClickEvent;
import dev.referly.analytics.ConversionEvent;
import dev.referly.conversions.Customer;
import dev.referly.links.Link;
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
        EventFilter filter = filter(p);
        Json.send(res, 200, switch (event) {
            case "clicks" -> events.clicks(ws, filter).stream().map(EventRoutes::clickEvent).toList();
            case "leads" -> events.leads(ws, filter).stream().map(EventRoutes::conversionEvent).toList();
            case "sales" -> events.sales(ws, filter).stream().map(EventRoutes::conversionEvent).toList();
            default -> throw ApiException.invalid("event", "must be clicks, leads or sales");
        });
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "click");
        json.put("timestamp", Timestamps.iso(e.click().timestamp()));
        json.put("click", click(e.click()));
        json.put("link", LinkJson.of(e.link()));
        putLegacyKeys(json, e.click(), e.link());
        return json;
    }

    private static Map<String, Object> conversionEvent(ConversionEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", e.kind());
        json.put("timestamp", Timestamps.iso(e.timestamp()));
        json.put("eventId", e.eventId());
        json.put("eventName", e.eventName());
        json.put("metadata", Metadata.parse(e.metadataJson()));
        json.put("click", click(e.click()));
        json.put("link", LinkJson.of(e.link()));
        json.put("customer", customer(e.customer()));
        json.put("attributed", e.attributed());
        if (e.sale() != null) {
            Map<String, Object> sale = new LinkedHashMap<>();
            sale.put("amount", e.sale().amount());
            sale.put("currency", e.sale().currency());
            sale.put("invoiceId", e.sale().invoiceId());
            sale.put("paymentProcessor", e.sale().paymentProcessor());
            sale.put("originalAmount", e.sale().originalAmount());
            sale.put("originalCurrency", e.sale().originalCurrency());
            json.put("sale", sale);
            json.put("saleAmount", e.sale().amount());
            json.put("invoice_id", e.sale().invoiceId() == null ? "" : e.sale().invoiceId());
            json.put("payment_processor", e.sale().paymentProcessor());
        }
        putLegacyKeys(json, e.click(), e.link());
        return json;
    }

    private static Map<String, Object> customer(Customer c) {
        Map<String, Object> json = CustomerRoutes.json(c, false, Map.of());
        return json;
    }

    /** Dub's flat legacy keys, still required by its SDK's schemas. */
    private static void putLegacyKeys(Map<String, Object> json, Click c, Link link) {
        json.put("click_id", c.id());
        json.put("link_id", link.id());
        json.put("domain", link.domain());
        json.put("key", link.key());
        json.put("url", c.url());
        json.put("continent", c.continent());
        json.put("country", c.country());
        json.put("city", c.city());
        json.put("device", c.device());
        json.put("browser", c.browser());
        json.put("os", c.os());
        json.put("qr", c.qr() ? 1 : 0);
        json.put("ip", c.ip() == null ? "" : c.ip());
    }
}
