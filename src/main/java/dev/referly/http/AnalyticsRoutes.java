package dev.referly.http;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.AnalyticsService.Event;
import dev.referly.analytics.AnalyticsService.Path;
import dev.referly.analytics.AnalyticsService.Row;
import dev.referly.analytics.Dimension;
import dev.referly.analytics.EventFilter;
import dev.referly.links.Link;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /analytics: Dub's analytics, shaped as the {@code dub} SDK's schemas expect. A request
 * header {@code X-Referly-Analytics-Path: raw|rollup} forces one of the two query paths (to
 * compare them); the response names the path that answered in the same header.
 */
final class AnalyticsRoutes {
    static final String PATH_HEADER = "X-Referly-Analytics-Path";
    private static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");
    private static final Set<String> TRIGGERS = Set.of("qr", "link", "pageview", "deeplink");

    private final AnalyticsService analytics;
    private final Authenticator auth;
    private final Clock clock;

    AnalyticsRoutes(AnalyticsService analytics, Authenticator auth, Clock clock) {
        this.analytics = analytics;
        this.auth = auth;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.get("/analytics", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Event event = switch (p.text("event") == null ? "clicks" : p.text("event")) {
            case "clicks" -> Event.CLICKS;
            case "leads" -> Event.LEADS;
            case "sales" -> Event.SALES;
            case "composite" -> Event.COMPOSITE;
            default -> throw ApiException.invalid("event", "must be clicks, leads, sales or composite");
        };
        Dimension dim = Dimension.parse(p.text("groupBy"));
        EventFilter filter = FilterParams.filter(p, clock);
        ZoneId zone = FilterParams.zone(p.text("timezone"));
        String interval = p.text("interval");
        boolean custom = p.text("start") != null;
        boolean hourly = custom ? filter.end() - filter.start() <= 25 * 3_600_000L : interval == null || interval.equals("24h");
        boolean allTime = !custom && "all".equals(interval);
        Path forced = req.headers().first(io.helidon.http.HeaderNames.create(PATH_HEADER))
                .map(v -> switch (v) {
                    case "raw" -> Path.RAW;
                    case "rollup" -> Path.ROLLUP;
                    default -> throw ApiException.invalid(PATH_HEADER, "must be raw or rollup");
                }).orElse(null);
        AnalyticsService.Result result = analytics.analytics(ws, event, dim, filter, zone, hourly, allTime, forced);
        res.header(PATH_HEADER, result.path().name().toLowerCase(java.util.Locale.ROOT));
        if (dim == Dimension.COUNT) {
            Json.send(res, 200, metrics(new LinkedHashMap<>(), result.rows().get(0)));
            return;
        }
        List<Map<String, Object>> out = new ArrayList<>(result.rows().size());
        for (Row r : result.rows()) {
            Map<String, Object> json = group(dim, r, result.links());
            if (json != null) {
                out.add(metrics(json, r));
            }
        }
        Json.send(res, 200, out);
    }

    private static Map<String, Object> metrics(Map<String, Object> json, Row r) {
        json.put("clicks", r.clicks());
        json.put("leads", r.leads());
        json.put("sales", r.sales());
        json.put("saleAmount", r.saleAmount());
        return json;
    }

    /** The group key fields of one row, or null for a value the SDK's schema cannot hold. */
    private static Map<String, Object> group(Dimension dim, Row r, Map<String, Link> links) {
        Map<String, Object> json = new LinkedHashMap<>();
        String v = r.key();
        String[] parts = v.split("\\|", 3);
        switch (dim) {
            case TIMESERIES -> json.put("start", Timestamps.iso(Long.parseLong(v)));
            case COUNTRIES -> {
                json.put("country", v);
                json.put("region", "*");
                json.put("city", "*");
            }
            case REGIONS -> {
                json.put("country", parts[0]);
                json.put("region", parts.length > 1 ? parts[1] : "");
                json.put("city", "*");
            }
            case CITIES -> {
                json.put("country", parts[0]);
                json.put("region", parts.length > 1 ? parts[1] : "");
                json.put("city", parts.length > 2 ? parts[2] : "");
            }
            case CONTINENTS -> {
                if (!CONTINENTS.contains(v)) {
                    return null; // "Unknown": Dub's continent enum has no such value
                }
                json.put("continent", v);
            }
            case TRIGGERS -> {
                if (!TRIGGERS.contains(v)) {
                    return null;
                }
                json.put("trigger", v);
            }
            case DEVICES -> json.put("device", v);
            case BROWSERS -> json.put("browser", v);
            case OS -> json.put("os", v);
            case REFERERS -> json.put("referer", v);
            case REFERER_URLS -> json.put("refererUrl", v);
            case TOP_URLS -> json.put("url", v);
            case TOP_LINKS -> {
                Map<String, Object> link = LinkJson.of(links.get(v));
                json.put("link", v);
                json.put("id", v);
                for (String field : List.of("domain", "key", "shortLink", "url", "title", "comments", "folderId",
                        "partnerId", "createdAt")) {
                    json.put(field, link.get(field));
                }
            }
            case UTM_SOURCES -> json.put("utm_source", v);
            case UTM_MEDIUMS -> json.put("utm_medium", v);
            case UTM_CAMPAIGNS -> json.put("utm_campaign", v);
            case UTM_TERMS -> json.put("utm_term", v);
            case UTM_CONTENTS -> json.put("utm_content", v);
            case COUNT -> { }
        }
        return json;
    }
}
