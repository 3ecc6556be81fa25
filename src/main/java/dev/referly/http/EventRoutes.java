package dev.referly.http;

import dev.referly.analytics.ClickEvent;
import dev.referly.analytics.ConversionEvent;
import dev.referly.conversions.Customer;
import dev.referly.links.Link;
import dev.referly.analytics.EventFilter;
import dev.referly.analytics.EventService;
import dev.referly.clicks.Click;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
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
        EventFilter filter = FilterParams.filter(p, clock);
        Json.send(res, 200, switch (event) {
            case "clicks" -> events.clicks(ws, filter).stream().map(EventRoutes::clickEvent).toList();
            case "leads" -> events.leads(ws, filter).stream().map(EventRoutes::conversionEvent).toList();
            case "sales" -> events.sales(ws, filter).stream().map(EventRoutes::conversionEvent).toList();
            default -> throw ApiException.invalid("event", "must be clicks, leads or sales");
        });
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
        Map<String, Object> json = CustomerRoutes.json(c, false, Map.of(), Map.of());
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
