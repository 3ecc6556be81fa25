package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.rewards.Condition;
import dev.referly.rewards.ConditionEntity;
import dev.referly.rewards.ConditionOperator;
import dev.referly.rewards.Modifier;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardType;
import dev.referly.rewards.SpendLimit;
import dev.referly.shared.Ids;
import dev.referly.testing.Http;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import dev.referly.workspaces.CreatedWorkspace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh workspace with its program, for one test. Groups, rewards and partners are inserted
 * with SQL because their APIs are built in parallel; conversions go through the real HTTP API.
 * TODO(lead): switch group/reward/partner setup to POST /groups, /groups/{id}/rewards, /partners.
 */
public final class ProgramFixture {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, Object> program = jdbi().withHandle(h -> h.createQuery(
                "SELECT id, default_group_id FROM programs WHERE workspace_id = :ws").bind("ws", workspaceId)
                .mapToMap().one());
        this.programId = (String) program.get("id");
        this.defaultGroupId = (String) program.get("default_group_id");
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

    public String group(int holdingPeriodDays) {
        String id = Ids.newId("grp_", now());
        int n = SEQ.incrementAndGet();
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO partner_groups (id, workspace_id, program_id, name, slug,"
                        + " holding_period_days, created_at, updated_at) VALUES (:id, :ws, :program, :name, :slug, :days,"
                        + " :now, :now)")
                .bind("id", id).bind("ws", workspaceId).bind("program", programId).bind("name", "Group " + n)
                .bind("slug", "group-" + n).bind("days", holdingPeriodDays).bind("now", now()).execute());
        return id;
    }

    public void minPayout(long cents) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE programs SET min_payout_amount = :m WHERE id = :id")
                .bind("m", cents).bind("id", programId).execute());
    }

    public void moveRules(String groupId, String rulesJson) {
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO group_move_rules (group_id, workspace_id, rules, updated_at)"
                        + " VALUES (:g, :ws, :rules, :now)")
                .bind("g", groupId).bind("ws", workspaceId).bind("rules", rulesJson).bind("now", now()).execute());
    }

    public String reward(String groupId, Reward reward) {
        String id = Ids.newId("rw_", now());
        Reward stored = new Reward(id, reward.event(), reward.type(), reward.amountInCents(),
                reward.amountInBasisPoints(), reward.maxDuration(), reward.description(), reward.tooltipDescription(),
                reward.modifiers(), reward.spendLimits());
        String json;
        try {
            json = JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO rewards (id, workspace_id, group_id, event, definition,"
                        + " created_at, updated_at) VALUES (:id, :ws, :g, :event, :def, :now, :now)")
                .bind("id", id).bind("ws", workspaceId).bind("g", groupId).bind("event", reward.event().apiName())
                .bind("def", json).bind("now", now()).execute());
        return id;
    }

    public static Reward flat(RewardEvent event, long cents, SpendLimit... limits) {
        return new Reward(null, event, RewardType.FLAT, cents, 0, event == RewardEvent.SALE ? null : 0, null, null,
                List.of(), List.of(limits));
    }

    public static Reward percent(int basisPoints, Integer maxDuration, Modifier... modifiers) {
        return new Reward(null, RewardEvent.SALE, RewardType.PERCENTAGE, 0, basisPoints, maxDuration, null, null,
                List.of(modifiers), List.of());
    }

    public static Modifier productIs(String productId, int basisPoints) {
        return new Modifier(Modifier.Operator.AND, List.of(new Condition(ConditionEntity.SALE, "productId",
                ConditionOperator.EQUALS_TO, List.of(productId))), RewardType.PERCENTAGE, null, basisPoints, false, null);
    }

    public String partner(String groupId, String email) {
        return partner(groupId, email, "approved");
    }

    public String partner(String groupId, String email, String status) {
        String id = Ids.newId("pn_", now());
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO partners (id, workspace_id, program_id, group_id, name, email,"
                        + " country, tenant_id, status, created_at, updated_at) VALUES (:id, :ws, :program, :g, :name, :email,"
                        + " 'US', :tenant, :status, :now, :now)")
                .bind("id", id).bind("ws", workspaceId).bind("program", programId).bind("g", groupId)
                .bind("name", "Partner " + id.substring(id.length() - 5)).bind("email", email)
                .bind("tenant", "tenant-" + id).bind("status", status).bind("now", now()).execute());
        return id;
    }

    /** A partner link through POST /links; returns its id. */
    public String partnerLink(String partnerId) {
        String key = "pl-" + SEQ.incrementAndGet() + "-" + Ids.randomAlphanumeric(4);
        Http.Response r = api.post("/links", Map.of("url", "https://example.com/" + key, "key", key,
                "trackConversion", true, "partnerId", partnerId, "programId", programId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.json().get("id").asText();
        // The link API may not take partner fields from callers; the partners API will set them.
        jdbi().useHandle(h -> h.createUpdate("UPDATE links SET partner_id = :p, program_id = :prog WHERE id = :id")
                .bind("p", partnerId).bind("prog", programId).bind("id", id).execute());
        return id;
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
