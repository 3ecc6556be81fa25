package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.SpendLimit;
import dev.referly.shared.Ids;
import dev.referly.testing.Http;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import dev.referly.workspaces.CreatedWorkspace;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh workspace with its program, for one test, set up through the public HTTP API as a
 * client would: the program, groups, rewards, move rules, partners and partner links.
 */
public final class ProgramFixture {
    /** The program's site: partner links point here. */
    public static final String PROGRAM_URL = "https://acme.example/";
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final TestServer server;
    public final Http api;
    public final String workspaceId;
    public final String apiKey;
    public final String programId;
    public final String defaultGroupId;

    private ProgramFixture(TestServer server, CreatedWorkspace ws) {
        this.server = server;
        this.api = server.api().withKey(ws.apiKey());
        this.workspaceId = ws.workspace().id();
        this.apiKey = ws.apiKey();
        JsonNode program = ok(api.patch("/program", Map.of("url", PROGRAM_URL)), 200);
        this.programId = program.get("id").asText();
        this.defaultGroupId = program.get("defaultGroupId").asText();
    }

    public static ProgramFixture create(TestServer server) {
        return new ProgramFixture(server, server.app().workspaces().create("Program " + SEQ.incrementAndGet()));
    }

    public Jdbi jdbi() {
        return server.app().database().jdbi();
    }

    long now() {
        return server.clock().millis();
    }

    private static JsonNode ok(Http.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.json();
    }

    /** A new group of the program through POST /groups; returns its id. */
    public String group(int holdingPeriodDays) {
        int n = SEQ.incrementAndGet();
        return ok(api.post("/groups", Map.of("name", "Group " + n, "slug", "group-" + n,
                "holdingPeriodDays", holdingPeriodDays)), 201).get("id").asText();
    }

    public void minPayout(long cents) {
        ok(api.patch("/program", Map.of("minPayoutAmount", cents)), 200);
    }

    /** PUT /groups/{id}/move-rules with this JSON array. */
    public void moveRules(String groupId, String rulesJson) {
        ok(api.put("/groups/" + groupId + "/move-rules", rulesJson), 200);
    }

    /** PUT /groups/{id}/rewards/{event} with a body from {@link #flat} or {@link #percent}; returns its id. */
    public String reward(String groupId, RewardBody reward) {
        return ok(api.put("/groups/" + groupId + "/rewards/" + reward.event().apiName(), reward.body()), 200)
                .get("id").asText();
    }

    /** A reward as the API takes it (Dub's shape), for the event in the path. */
    public record RewardBody(RewardEvent event, Map<String, Object> body) {}

    public static RewardBody flat(RewardEvent event, long cents, SpendLimit... limits) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "flat");
        body.put("amountInCents", cents);
        List<Map<String, Object>> spendLimits = new ArrayList<>();
        for (SpendLimit l : limits) {
            spendLimits.add(Map.of("scope", l.scope().name().toLowerCase(Locale.ROOT),
                    "period", l.period().name().toLowerCase(Locale.ROOT), "amountInCents", l.amountInCents()));
        }
        body.put("spendLimits", spendLimits);
        return new RewardBody(event, body);
    }

    /** A sale reward of {@code basisPoints} (1000 = 10%); maxDuration null is lifetime. */
    @SafeVarargs
    public static RewardBody percent(int basisPoints, Integer maxDuration, Map<String, Object>... modifiers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "percentage");
        body.put("amountInPercentage", percentage(basisPoints));
        body.put("maxDuration", maxDuration);
        body.put("modifiers", List.of(modifiers));
        return new RewardBody(RewardEvent.SALE, body);
    }

    /** A modifier paying {@code basisPoints} on sales of this product. */
    public static Map<String, Object> productIs(String productId, int basisPoints) {
        return Map.of("operator", "AND", "type", "percentage", "amountInPercentage", percentage(basisPoints),
                "conditions", List.of(Map.of("entity", "sale", "attribute", "productId", "operator", "equals_to",
                        "value", productId)));
    }

    /** Basis points as the API's percentage number: 1000 -> 10, 1250 -> 12.5. */
    static BigDecimal percentage(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
    }

    /** An approved partner enrolled through POST /partners (with its default link); returns its id. */
    public String partner(String groupId, String email) {
        int n = SEQ.incrementAndGet();
        return ok(api.post("/partners", Map.of("name", "Partner " + n, "email", email, "tenantId", "tenant-" + n,
                "country", "US", "groupId", groupId)), 201).get("id").asText();
    }

    /** POST /partners/ban: the partner is banned, its open commissions canceled and its links disabled. */
    public void ban(String partnerId) {
        ok(api.post("/partners/ban", Map.of("partnerId", partnerId, "reason", "fraud")), 200);
    }

    /** A further link of the partner through POST /partners/links; returns its id. */
    public String partnerLink(String partnerId) {
        String key = "pl-" + SEQ.incrementAndGet() + "-" + Ids.randomAlphanumeric(4);
        return ok(api.post("/partners/links", Map.of("partnerId", partnerId, "url", PROGRAM_URL + key, "key", key)),
                201).get("id").asText();
    }

    /** A click on the link from a distinct visitor; {@code query} is appended to the short link. */
    public String click(String linkId, String query) {
        String key = api.get("/links/" + linkId).json().get("key").asText();
        int n = SEQ.incrementAndGet();
        String location = server.visitor().send("GET", "/" + key + (query == null ? "" : "?" + query), null,
                Map.of("X-Forwarded-For", "81.2." + (n / 250 % 250) + "." + (n % 250 + 1),
                        "User-Agent", UserAgents.CHROME_MAC)).header("Location");
        assertThat(location).as("redirect of " + key).contains("dub_id=");
        return location.replaceAll(".*dub_id=", "").replaceAll("&.*", "");
    }

    public Http.Response lead(String clickId, String customer, String email, String eventName) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("clickId", clickId, "eventName", eventName,
                "customerExternalId", customer));
        if (email != null) {
            body.put("customerEmail", email);
        }
        Http.Response r = api.post("/track/lead", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    public Http.Response sale(String customer, long amount, String invoiceId, Map<String, Object> metadata) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("customerExternalId", customer, "amount", amount));
        if (invoiceId != null) {
            body.put("invoiceId", invoiceId);
        }
        if (metadata != null) {
            body.put("metadata", metadata);
        }
        Http.Response r = api.post("/track/sale", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    public JsonNode commissions(String query) {
        Http.Response r = api.get("/commissions" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
