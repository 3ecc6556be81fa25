package dev.referly.http;

import dev.referly.commissions.ClickRewards;
import dev.referly.commissions.Commission;
import dev.referly.commissions.CommissionParty;
import dev.referly.commissions.CommissionQuery;
import dev.referly.commissions.CommissionService;
import dev.referly.commissions.CommissionView;
import dev.referly.shared.ApiException;
import dev.referly.shared.TextField;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dub's /commissions API plus Referly's refund and click-reward admin endpoints. */
final class CommissionRoutes {
    private final CommissionService commissions;
    private final ClickRewards clickRewards;
    private final Authenticator auth;

    CommissionRoutes(CommissionService commissions, ClickRewards clickRewards, Authenticator auth) {
        this.commissions = commissions;
        this.clickRewards = clickRewards;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/commissions", this::list)
                .post("/commissions", this::create)
                .patch("/commissions/bulk", this::bulk)
                .post("/commissions/refunds", this::refund)
                .post("/commissions/click-rewards/run", this::clickRewards)
                .get("/commissions/{id}", this::get)
                .patch("/commissions/{id}", this::update);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        List<CommissionView> found = commissions.list(ws, new CommissionQuery(p.text("status"), p.text("type"),
                p.text("partnerId"), p.text("tenantId"), p.text("customerId"), p.text("payoutId"), p.text("invoiceId"),
                p.text("groupId"), p.text("start"), p.text("end"), p.text("interval"), p.text("sortBy"),
                p.ascending("sortOrder"), p.integer("page", 1), p.integer("pageSize", CommissionQuery.MAX_PAGE_SIZE)));
        Json.send(res, 200, found.stream().map(v -> json(v, false)).toList());
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(commissions.get(ws, req.path().pathParameters().get("id")), true));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(commissions.update(ws, req.path().pathParameters().get("id"), Json.object(req)), true));
    }

    private void bulk(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        List<Commission> changed = commissions.bulkUpdate(ws, Json.object(req));
        Json.send(res, 200, changed.stream().map(c -> Map.of("id", c.id(), "status", c.status().apiName())).toList());
    }

    /** 202 with Dub's {success, message} and the entry itself. */
    private void create(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        CommissionView created = commissions.create(ws, Json.object(req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", "Commission " + created.commission().id() + " created.");
        body.putAll(json(created, true));
        Json.send(res, 202, body);
    }

    private void refund(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        CommissionService.RefundResult r = commissions.refund(ws, text(body, "saleEventId"), text(body, "invoiceId"),
                amount(body, "amount", true), body.get("totalAmount") == null ? null : amount(body, "totalAmount", true),
                text(body, "refundId"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", r.outcome());
        out.put("commission", json(r.commission(), true));
        out.put("correction", r.correction() == null ? null : json(new CommissionView(r.correction(),
                r.commission().partner(), r.commission().customer(), null, List.of()), false));
        Json.send(res, 200, out);
    }

    private void clickRewards(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        LocalDate day;
        try {
            day = LocalDate.parse(String.valueOf(body.get("date")));
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("date", "must be a day as yyyy-mm-dd");
        }
        Json.send(res, 200, Map.of("date", day.toString(), "created", clickRewards.run(ws, day)));
    }

    private static String text(Map<String, Object> body, String field) {
        return TextField.optional(field, body.get(field), Integer.MAX_VALUE);
    }

    private static long amount(Map<String, Object> body, String field, boolean required) {
        Object v = body.get(field);
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ApiException.invalid(field, required ? "is required, an integer amount in minor units"
                    : "must be an integer amount in minor units");
        }
        return ((Number) v).longValue();
    }

    /** Dub's Commission, plus Referly's ledger fields (explanation, snapshot, hold reason, corrections). */
    static Map<String, Object> json(CommissionView v, boolean detail) {
        Commission c = v.commission();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("type", c.type());
        json.put("amount", c.amount());
        json.put("earnings", c.earnings());
        json.put("currency", c.currency());
        json.put("status", c.status().apiName());
        json.put("invoiceId", c.invoiceId());
        json.put("description", c.description());
        json.put("quantity", c.quantity());
        json.put("userId", c.userId());
        json.put("metadata", null);
        json.put("createdAt", Timestamps.iso(c.createdAt()));
        json.put("updatedAt", Timestamps.iso(c.updatedAt()));
        json.put("paidAt", Timestamps.isoOrNull(v.paidAt()));
        json.put("partner", partner(v.partner(), c.partnerId()));
        json.put("customer", customer(v.customer()));
        json.put("holdReason", c.holdReason());
        json.put("explanation", c.explanation());
        json.put("rewardId", c.rewardId());
        json.put("rewardSnapshot", snapshot(c.rewardSnapshot()));
        json.put("matchedModifier", c.matchedModifier());
        json.put("correctsId", c.correctsId());
        json.put("payoutId", c.payoutId());
        json.put("groupId", c.groupId());
        json.put("linkId", c.linkId());
        json.put("clickId", c.clickId());
        json.put("eventId", c.eventId());
        if (detail) {
            json.put("netEarnings", v.netEarnings());
            json.put("corrections", v.corrections().stream().map(x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", x.id());
                m.put("amount", x.amount());
                m.put("earnings", x.earnings());
                m.put("status", x.status().apiName());
                m.put("explanation", x.explanation());
                m.put("createdAt", Timestamps.iso(x.createdAt()));
                return m;
            }).toList());
        }
        return json;
    }

    static Map<String, Object> partner(CommissionParty.Partner p, String id) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", p == null ? "" : p.name());
        json.put("email", p == null ? null : p.email());
        json.put("image", p == null ? null : p.image());
        json.put("payoutsEnabledAt", null);
        json.put("country", p == null ? null : p.country());
        json.put("groupId", p == null ? null : p.groupId());
        json.put("tenantId", p == null ? null : p.tenantId());
        return json;
    }

    private static Map<String, Object> customer(CommissionParty.Customer c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("externalId", c.externalId() == null ? "" : c.externalId());
        json.put("name", c.name());
        json.put("email", c.email());
        json.put("avatar", c.avatar());
        json.put("country", c.country());
        json.put("sales", c.sales());
        json.put("saleAmount", c.saleAmount());
        json.put("createdAt", Timestamps.iso(c.createdAt()));
        json.put("firstSaleAt", Timestamps.isoOrNull(c.firstSaleAt()));
        return json;
    }

    private static Object snapshot(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return json;
        }
    }
}
