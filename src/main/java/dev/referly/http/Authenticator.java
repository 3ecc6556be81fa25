package dev.referly.http;

import dev.referly.shared.ApiException;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Finds the workspace of a request from its {@code Authorization: Bearer <api key>} header. */
final class Authenticator {
    private final WorkspaceService workspaces;

    Authenticator(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    String workspaceId(ServerRequest req) {
        return caller(req).workspaceId();
    }

    /** The key that authenticated the request, for the audit log. */
    WorkspaceService.KeyOwner caller(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("Missing Authorization header: send 'Authorization: Bearer <API key>'.");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.unauthorized("Malformed Authorization header: expected 'Bearer <API key>'.");
        }
        String key = header.substring(7).strip();
        return workspaces.ownerOfKey(key)
                .orElseThrow(() -> ApiException.unauthorized("Unauthorized: invalid API key."));
    }
}
