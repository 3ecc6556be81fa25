package dev.referly.http;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.Dimension;
import dev.referly.analytics.EventFilter;
import dev.referly.programs.Partner;
import dev.referly.programs.PartnerBanReason;
import dev.referly.programs.PartnerInput;
import dev.referly.programs.PartnerLinkInput;
import dev.referly.programs.PartnerQuery;
import dev.referly.programs.PartnerService;
import dev.referly.programs.PartnerService.EarningsKey;
import dev.referly.programs.PartnerStatus;
import dev.referly.shared.ApiException;
import dev.referly.shared.TextField;
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

/** Dub's /partners API, plus GET and PATCH /partners/{id}. */
final class PartnerRoutes {
    private final PartnerService partners;
    private final AnalyticsService analytics;
    private final Authenticator auth;
    private final Clock clock;

    PartnerRoutes(PartnerService partners, AnalyticsService analytics, Authenticator auth, Clock clock) {
        this.partners = partners;
        this.analytics = analytics;
        this.auth = auth;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.post("/partners", this::enroll)
                .get("/partners", this::list)
                .get("/partners/links", this::links)
                .post("/partners/links", this::createLink)
                .put("/partners/links/upsert", this::upsertLink)
                .get("/partners/analytics", this::analytics)
                .post("/partners/ban", this::ban)
                .post("/partners/deactivate", this::deactivate)
                .get("/partners/{id}", this::get)
                .patch("/partners/{id}", this::update);
    }

    /** Dub answers 201 whether the partner was enrolled now or before. */
    private void enroll(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        PartnerService.Enrollment e = partners.enroll(ws, PartnerInput.parse(Json.object(req)));
        Json.send(res, 201, PartnerJson.of(e.partner()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        PartnerQuery q = new PartnerQuery(p.text("status") == null ? null : PartnerStatus.parse("status", p.text("status")),
                p.text("country"), p.text("tenantId"), p.text("groupId"), p.text("email"), p.text("search"),
                PartnerQuery.Sort.parse(p.text("sortBy")), p.ascending("sortOrder"), p.integer("page", 1),
                p.integer("pageSize", PartnerQuery.MAX_PAGE_SIZE));
        Json.send(res, 200, partners.list(ws, q).stream().map(PartnerJson::of).toList());
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, PartnerJson.of(partners.get(ws, req.path().pathParameters().get("id"))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("id");
        Json.send(res, 200, PartnerJson.of(partners.update(ws, id, PartnerInput.parse(Json.object(req)))));
    }

    private void links(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Json.send(res, 200, partners.links(ws, p.text("partnerId"), p.text("tenantId")).stream().map(LinkJson::of).toList());
    }

    private void createLink(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 201, LinkJson.of(partners.createLink(ws, PartnerLinkInput.parse(Json.object(req)))));
    }

    private void upsertLink(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, LinkJson.of(partners.upsertLink(ws, PartnerLinkInput.parse(Json.object(req)))));
    }

    private void ban(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        PartnerBanReason reason = PartnerBanReason.parse(body.get("reason"));
        String id = partners.ban(ws, text(body, "partnerId"), text(body, "tenantId"), reason);
        Json.send(res, 200, Map.of("partnerId", id));
    }

    private void deactivate(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        Json.send(res, 200, Map.of("partnerId", partners.deactivate(ws, text(body, "partnerId"), text(body, "tenantId"))));
    }

    private static String text(Map<String, Object> body, String field) {
        return TextField.optionalNonBlank(field, body.get(field), Integer.MAX_VALUE);
    }

    /**
     * GET /partners/analytics: the analytics of the partner's links (clicks, leads, sales at their
     * own time) with the partner's commission earnings created in the same range.
     */
    private void analytics(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Dimension dim = switch (p.text("groupBy") == null ? "count" : p.text("groupBy")) {
            case "count" -> Dimension.COUNT;
            case "timeseries" -> Dimension.TIMESERIES;
            case "top_links" -> Dimension.TOP_LINKS;
            default -> throw ApiException.invalid("groupBy", "must be count, timeseries or top_links");
        };
        Partner partner = partners.find(ws, p.text("partnerId"), p.text("tenantId"));
        EventFilter range = FilterParams.filter(p, clock);
        EventFilter filter = new EventFilter(range.start(), range.end(), null, null, null, null, null, partner.id(),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 1,
                EventFilter.MAX_LIMIT, false);
        ZoneId zone = FilterParams.zone(p.text("timezone"));
        String interval = p.text("interval");
        boolean custom = p.text("start") != null;
        boolean hourly = custom ? filter.end() - filter.start() <= 25 * 3_600_000L : interval == null || interval.equals("24h");
        boolean allTime = !custom && "all".equals(interval);
        AnalyticsService.Result result = analytics.analytics(ws, AnalyticsService.Event.COMPOSITE, dim, filter, zone,
                hourly, allTime, null);
        switch (dim) {
            case COUNT -> {
                long earned = partners.earnings(ws, partner.id(), filter.start(), filter.end(), EarningsKey.TOTAL)
                        .getOrDefault("", 0L);
                Json.send(res, 200, metrics(new LinkedHashMap<>(), result.rows().get(0), earned));
            }
            case TIMESERIES -> Json.send(res, 200, timeseries(ws, partner, filter, result.rows()));
            default -> {
                Map<String, Long> byLink = partners.earnings(ws, partner.id(), filter.start(), filter.end(), EarningsKey.LINK);
                List<Map<String, Object>> out = new ArrayList<>();
                for (AnalyticsService.Row r : result.rows()) {
                    Map<String, Object> link = LinkJson.of(result.links().get(r.key()));
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("link", r.key());
                    for (String field : List.of("id", "domain", "key", "shortLink", "url", "title", "comments",
                            "folderId", "partnerId", "createdAt")) {
                        json.put(field, link.get(field));
                    }
                    out.add(metrics(json, r, byLink.getOrDefault(r.key(), 0L)));
                }
                Json.send(res, 200, out);
            }
        }
    }

    /** Buckets in order; each quarter hour of earnings goes to the bucket it falls in. */
    private List<Map<String, Object>> timeseries(String ws, Partner partner, EventFilter filter,
            List<AnalyticsService.Row> rows) {
        long[] starts = rows.stream().mapToLong(r -> Long.parseLong(r.key())).toArray();
        long[] earned = new long[starts.length];
        partners.earnings(ws, partner.id(), filter.start(), filter.end(), EarningsKey.QUARTER_HOUR).forEach((slot, sum) -> {
            int i = java.util.Arrays.binarySearch(starts, Long.parseLong(slot));
            int bucket = i >= 0 ? i : -i - 2;
            if (bucket >= 0) {
                earned[bucket] += sum;
            }
        });
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("start", Timestamps.iso(starts[i]));
            out.add(metrics(json, rows.get(i), earned[i]));
        }
        return out;
    }

    private static Map<String, Object> metrics(Map<String, Object> json, AnalyticsService.Row r, long earnings) {
        json.put("clicks", r.clicks());
        json.put("leads", r.leads());
        json.put("sales", r.sales());
        json.put("saleAmount", r.saleAmount());
        json.put("earnings", earnings);
        return json;
    }
}
