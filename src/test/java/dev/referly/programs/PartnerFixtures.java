package dev.referly.programs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Set-up for the partner tests through the public HTTP API (the program's URL, groups,
 * commissions), with SQL only for the commission statuses no API call can give.
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

    private static JsonNode ok(Http.Response r, int status) {
        if (r.status() != status) {
            throw new AssertionError("Expected " + status + ": " + r);
        }
        return r.json();
    }

    /** PATCH /program {url} in the workspace of {@code api}. */
    void programUrl(Http api, String url) {
        ok(api.patch("/program", Map.of("url", url)), 200);
    }

    String defaultGroupId(Http api) {
        return ok(api.get("/program"), 200).get("defaultGroupId").asText();
    }

    /** A group through POST /groups in the workspace of {@code api}; returns its id (its slug is {@code slug}). */
    String group(Http api, String slug, Integer maxLinks, String linkUrl) {
        Map<String, Object> body = new HashMap<>(Map.of("name", slug, "slug", slug));
        if (maxLinks != null) {
            body.put("maxPartnerLinks", maxLinks);
        }
        if (linkUrl != null) {
            body.put("linkUrl", linkUrl);
        }
        return ok(api.post("/groups", body), 201).get("id").asText();
    }

    /**
     * A commission of the partner (of the test server's workspace) in this status, created a
     * second ago: a custom commission through POST /commissions, moved by PATCH when the status is
     * one PATCH may set (pending, canceled, refunded, duplicate, fraud).
     */
    String commission(String partnerId, String status, long earnings) {
        long now = server.clock().millis();
        if (status.equals("hold") || status.equals("processed") || status.equals("paid")) {
            // SQL: PATCH may not set these; hold comes from fraud signals on tracked conversions, processed and
            // paid from a payout run, which would take the partner's other pending commissions too.
            String id = "cm_test" + next();
            jdbi().useHandle(h -> h.createUpdate("INSERT INTO commissions (id, workspace_id, program_id, partner_id,"
                            + " type, status, amount, earnings, currency, created_at, updated_at) SELECT :id, workspace_id,"
                            + " program_id, id, 'custom', :status, 0, :earnings, 'usd', :now, :now FROM partners"
                            + " WHERE id = :partner")
                    .bind("id", id).bind("status", status).bind("earnings", earnings).bind("now", now - 1_000)
                    .bind("partner", partnerId).execute());
            return id;
        }
        String id = ok(server.api().post("/commissions", Map.of("partnerId", partnerId, "earnings", earnings,
                "createdAt", Instant.ofEpochMilli(now - 1_000).toString())), 202).get("id").asText();
        if (!status.equals("pending")) {
            ok(server.api().patch("/commissions/" + id, Map.of("status", status)), 200);
        }
        return id;
    }

    /** GET /commissions/{id} in the test server's workspace. */
    String commissionStatus(String id) {
        return ok(server.api().get("/commissions/" + id), 200).get("status").asText();
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
