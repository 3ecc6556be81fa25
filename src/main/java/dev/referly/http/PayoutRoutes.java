package dev.referly.http;

import dev.referly.payouts.Payout;
import dev.referly.payouts.PayoutQuery;
import dev.referly.payouts.PayoutService;
import dev.referly.shared.Timestamps;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dub's /payouts API plus the run, update and CSV export Referly's operators use. */
final class PayoutRoutes {
    private final PayoutService payouts;
    private final Authenticator auth;

    PayoutRoutes(PayoutService payouts, Authenticator auth) {
        this.payouts = payouts;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/payouts", this::list)
                .post("/payouts/run", this::run)
                .get("/payouts/export", this::export)
                .get("/payouts/{id}/export", this::exportOne)
                .get("/payouts/{id}", this::get)
                .patch("/payouts/{id}", this::update);
    }

    private PayoutQuery query(ServerRequest req, List<String> ids) {
        Params p = new Params(req);
        return new PayoutQuery(p.text("status"), p.text("partnerId"), p.text("tenantId"), p.text("invoiceId"),
                p.text("groupId"), ids, p.text("sortBy"), p.ascending("sortOrder"), p.integer("page", 1),
                p.integer("pageSize", PayoutQuery.MAX_PAGE_SIZE));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, payouts.list(ws, query(req, new Params(req).list("payoutIds"))).stream()
                .map(PayoutRoutes::json).toList());
    }

    private void run(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, payouts.run(ws).stream().map(PayoutRoutes::json).toList());
    }

    private void get(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(payouts.get(ws, req.path().pathParameters().get("id"))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Json.send(res, 200, json(payouts.update(ws, req.path().pathParameters().get("id"), Json.object(req))));
    }

    private void export(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        csv(res, payouts.exportCsv(ws, query(req, new Params(req).list("payoutIds"))));
    }

    private void exportOne(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("id");
        payouts.get(ws, id); // 404 for another workspace's payout
        csv(res, payouts.exportCsv(ws, new PayoutQuery(null, null, null, null, null, List.of(id), null, true, 1,
                PayoutQuery.MAX_PAGE_SIZE)));
    }

    private static void csv(ServerResponse res, String csv) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"payouts.csv\"");
        res.send(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Dub's Payout shape; Referly has no batch invoices, payout modes or users on payouts. */
    static Map<String, Object> json(Payout p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("invoiceId", null);
        json.put("amount", p.amount());
        json.put("currency", p.currency());
        json.put("status", p.status().apiName());
        json.put("description", p.description());
        json.put("periodStart", Timestamps.isoOrNull(p.periodStart()));
        json.put("periodEnd", Timestamps.isoOrNull(p.periodEnd()));
        json.put("createdAt", Timestamps.iso(p.createdAt()));
        json.put("updatedAt", Timestamps.iso(p.updatedAt()));
        json.put("initiatedAt", null);
        json.put("paidAt", Timestamps.isoOrNull(p.paidAt()));
        json.put("failureReason", p.failureReason());
        json.put("mode", "external");
        json.put("method", p.method());
        json.put("traceId", null);
        Map<String, Object> partner = CommissionRoutes.partner(p.partner(), p.partnerId());
        partner.put("defaultPayoutMethod", null);
        json.put("partner", partner);
        json.put("user", null);
        json.put("commissions", p.commissions());
        return json;
    }
}
