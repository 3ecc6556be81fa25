package dev.referly.http;

import dev.referly.programs.AuditEntry;
import dev.referly.programs.AuditLog;
import io.helidon.webserver.http.HttpRules;

/** Referly's GET /audit-log: who changed the program, its groups, rewards, discounts and move rules. */
final class AuditLogRoutes {
    private final AuditLog log;
    private final Authenticator auth;

    AuditLogRoutes(AuditLog log, Authenticator auth) {
        this.log = log;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/audit-log", (req, res) -> {
            String ws = auth.workspaceId(req);
            Params p = new Params(req);
            Json.send(res, 200, log.list(ws, new AuditLog.Query(p.text("targetType"), p.text("targetId"),
                            p.text("action"), p.integer("page", 1), p.integer("pageSize", AuditLog.MAX_PAGE_SIZE),
                            p.text("startingAfter")))
                    .stream().map(AuditEntry::toApi).toList());
        });
    }
}
