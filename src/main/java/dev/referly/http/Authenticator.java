package dev.referly.http;

import dev.referly.embed.PublishableKeys;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;

/** Finds the workspace of a request from its {@code Authorization: Bearer <api key>} header. */
final class Authenticator {
    private final WorkspaceService workspaces;
    private final PublishableKeys publishableKeys;

    Authenticator(WorkspaceService workspaces) {
        this(workspaces, null);
    }

    Authenticator(WorkspaceService workspaces, PublishableKeys publishableKeys) {
        this.workspaces = workspaces;
        this.publishableKeys = publishableKeys;
    }

    /** Who called a /track endpoint: the workspace, and the publishable key when a browser called. */
    record TrackCaller(String workspaceId, PublishableKeys.Key browserKey) {
        boolean fromBrowser() {
            return browserKey != null;
        }
    }

    String trackWorkspaceId(ServerRequest req, ServerResponse res) {
        return trackCaller(req, res).workspaceId();
    }

    /**
     * For /track/click, /track/lead and /track/sale only: a secret API key, or a publishable key
     * ({@code rly_pk_...}) sent by a page whose Origin (or Referer) is on the key's allowed
     * origins (scheme, host and port); such an answer carries the CORS header echoing that Origin.
     */
    TrackCaller trackCaller(ServerRequest req, ServerResponse res) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        if (publishableKeys == null || !key.startsWith(PublishableKeys.PREFIX)) {
            return new TrackCaller(workspaceId(req), null);
        }
        PublishableKeys.Key found = publishableKeys.find(key)
                .orElseThrow(() -> ApiException.unauthorized("Unauthorized: invalid publishable key."));
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        String page = origin != null ? origin : req.headers().first(HeaderNames.REFERER).orElse(null);
        if (!found.allows(page)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Forbidden: this publishable key is not allowed on "
                    + (page == null ? "a request without an Origin" : origin(page)) + ".");
        }
        if (origin != null) {
            res.header("Access-Control-Allow-Origin", origin);
            res.header("Vary", "Origin");
        }
        return new TrackCaller(found.workspaceId(), found);
    }

    /** The scheme, host and port of a page's URL, for a message (never its path or query). */
    private static String origin(String url) {
        try {
            URI u = URI.create(url.strip());
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "an unreadable Origin";
        }
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
