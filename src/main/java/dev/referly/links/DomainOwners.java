package dev.referly.links;

import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Ids;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Who owns each short domain (the domains table): the first workspace to put a link on a
 * domain claims it, and only that workspace may put links there. The installation's default
 * short domain is shared by every workspace and never claimed.
 */
public final class DomainOwners {
    private final String defaultDomain;

    DomainOwners(String defaultDomain) {
        this.defaultDomain = defaultDomain;
    }

    boolean isShared(String domain) {
        return domain.equals(defaultDomain);
    }

    /**
     * Claims the domain for the workspace if nobody owns it yet, in the caller's transaction;
     * 403 when another workspace owns it. The claim is one INSERT on the domain's primary key,
     * so of two workspaces racing for a new domain on PostgreSQL the second waits for the
     * first's commit, inserts nothing, and reads the winner.
     */
    void claim(Handle h, String workspaceId, String domain, long now) {
        if (isShared(domain)) {
            return;
        }
        h.createUpdate("INSERT INTO domains (slug, id, workspace_id, created_at) VALUES (:slug, :id, :ws, :now)"
                        + " ON CONFLICT (slug) DO NOTHING")
                .bind("slug", domain).bind("id", Ids.newId("dom_", now)).bind("ws", workspaceId).bind("now", now)
                .execute();
        String owner = ownerOf(h, domain).orElseThrow();
        if (!owner.equals(workspaceId)) {
            throw forbidden(domain);
        }
    }

    /**
     * 403 when another workspace owns the domain; for settings that will put links there later
     * (a group's linkDomain). It claims nothing: the first link does. The default domain is never
     * owned, so it always passes.
     */
    public static void requireUsable(Handle h, String workspaceId, String domain) {
        ownerOf(h, domain)
                .filter(owner -> !owner.equals(workspaceId))
                .ifPresent(owner -> {
                    throw forbidden(domain);
                });
    }

    private static ApiException forbidden(String domain) {
        return new ApiException(ErrorCode.FORBIDDEN, "The domain " + domain + " belongs to another workspace.");
    }

    /** The workspace that owns the host, if any: then it answers only that workspace's links. */
    static Optional<String> ownerOf(Handle h, String domain) {
        return h.createQuery("SELECT workspace_id FROM domains WHERE slug = :slug").bind("slug", domain)
                .mapTo(String.class).findOne();
    }
}
