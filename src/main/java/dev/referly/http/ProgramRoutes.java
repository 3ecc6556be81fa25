package dev.referly.http;

import dev.referly.programs.AuditActor;
import dev.referly.programs.ProgramService;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.webserver.http.HttpRules;

/** Referly's GET/PATCH /program: the workspace's partner program. */
final class ProgramRoutes {
    private final ProgramService programs;
    private final Authenticator auth;

    ProgramRoutes(ProgramService programs, Authenticator auth) {
        this.programs = programs;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/program", (req, res) -> Json.send(res, 200, programs.get(auth.workspaceId(req)).toApi()))
                .patch("/program", (req, res) -> {
                    WorkspaceService.KeyOwner caller = auth.caller(req);
                    Json.send(res, 200, programs.update(caller.workspaceId(), actor(caller), Json.object(req)).toApi());
                });
    }

    /** The audit log's name for the key behind a request. */
    static AuditActor actor(WorkspaceService.KeyOwner caller) {
        return AuditActor.apiKey(caller.keyId(), caller.partialKey());
    }
}
