package dev.referly.programs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Set-up the partner tests need from parts built elsewhere: the program's URL, extra groups and
 * commission rows are written with SQL (their APIs are not part of this area).
 */
final class PartnerFixtures {
    static final String PROGRAM_URL = "https://acme.example/";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final TestServer server;

    PartnerFixtures(TestServer server) {
        this.server = server;
    }

    static int next() {
        return SEQ.incrementAndGet();
    }

    Jdbi jdbi() {
        return server.app().database().jdbi();
    }

    String otherWorkspaceId() {
        return jdbi().withHandle(h -> h.createQuery("SELECT id FROM workspaces WHERE name = 'Other workspace'")
                .mapTo(String.class).one());
    }

    void programUrl(String workspaceId, String url) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE programs SET url = :url WHERE workspace_id = :ws")
                .bind("url", url).bind("ws", workspaceId).execute());
    }

    String defaultGroupId(String workspaceId) {
        return jdbi().withHandle(h -> h.createQuery("SELECT default_group_id FROM programs WHERE workspace_id = :ws")
                .bind("ws", workspaceId).mapTo(String.class).one());
    }

    /** A group of the workspace; returns its id (its slug is {@code slug}). */
    String group(String workspaceId, String slug, Integer maxLinks, String linkUrl) {
        String id = "grp_test" + next();
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO partner_groups (id, workspace_id, program_id, name, slug,"
                        + " link_url, max_partner_links, created_at, updated_at) SELECT :id, :ws, id, :slug, :slug, :url,"
                        + " :max, 0, 0 FROM programs WHERE workspace_id = :ws")
                .bind("id", id).bind("ws", workspaceId).bind("slug", slug).bind("url", linkUrl).bind("max", maxLinks)
                .execute());
        return id;
    }

    /** A commission row as the commissions service would write it. */
    String commission(String partnerId, String status, long earnings) {
        String id = "cm_test" + next();
        long now = server.clock().millis();
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO commissions (id, workspace_id, program_id, partner_id, type,"
                        + " status, amount, earnings, currency, created_at, updated_at) SELECT :id, workspace_id, program_id,"
                        + " id, 'sale', :status, 0, :earnings, 'usd', :now, :now FROM partners WHERE id = :partner")
                .bind("id", id).bind("status", status).bind("earnings", earnings).bind("now", now - 1_000)
                .bind("partner", partnerId).execute());
        return id;
    }

    String commissionStatus(String id) {
        return jdbi().withHandle(h -> h.createQuery("SELECT status FROM commissions WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    long count(String sql, Object... args) {
        return jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    /** A partner enrolled with a unique tenantId, email and username; returns the response body. */
    JsonNode enroll(Http api, Map<String, Object> extra) {
        int n = next();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Partner " + n, "email",
                "partner" + n + "@example.com", "tenantId", "tenant-" + n, "username", "partner-" + n));
        body.putAll(extra);
        Http.Response r = api.post("/partners", body);
        if (r.status() != 201) {
            throw new AssertionError("Enrollment failed: " + r);
        }
        return r.json();
    }

    /** A visit to the short link from this IP; returns the response. */
    Http.Response visit(String key, String ip) {
        return server.visitor().send("GET", "/" + key, null, Map.of("X-Forwarded-For", ip,
                "User-Agent", UserAgents.CHROME_MAC));
    }
}
