package dev.referly.http;

import dev.referly.shared.Timestamps;
import dev.referly.workspaces.Workspace;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.webserver.http.HttpRules;
import java.util.LinkedHashMap;
import java.util.Map;

/** Referly's own GET/PATCH /workspace: the settings of the key's workspace. */
final class WorkspaceRoutes {
    private final WorkspaceService workspaces;
    private final Authenticator auth;

    WorkspaceRoutes(WorkspaceService workspaces, Authenticator auth) {
        this.workspaces = workspaces;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/workspace", (req, res) -> Json.send(res, 200, json(workspaces.get(auth.workspaceId(req)))))
                .patch("/workspace", (req, res) -> {
                    String ws = auth.workspaceId(req);
                    Json.send(res, 200, json(workspaces.update(ws, Json.object(req))));
                });
    }

    private static Map<String, Object> json(Workspace w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", w.id());
        json.put("name", w.name());
        json.put("currency", w.currency());
        json.put("attributionWindowDays", w.attributionWindowDays());
        json.put("createdAt", Timestamps.iso(w.createdAt()));
        return json;
    }
}
