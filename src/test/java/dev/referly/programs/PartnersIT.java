package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** POST/GET/PATCH /partners: enrollment as an upsert, listing, group moves, validation, isolation. */
class PartnersIT extends PartnerServerPerStore {
    @Test
    void enrollmentCreatesAnApprovedPartnerWithItsDefaultLink() {
        int n = PartnerFixtures.next();
        Http.Response r = api().post("/partners", Map.of("name", "Ada " + n, "email", "Ada" + n + "@Example.com",
                "username", "ada-" + n, "tenantId", "t-ada-" + n, "country", "gb", "description", "Writes about engines",
                "image", "https://img.example/ada.png"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("id").asText()).startsWith("pn_");
        assertThat(p.get("partnerId").asText()).isEqualTo(p.get("id").asText());
        assertThat(p.get("name").asText()).isEqualTo("Ada " + n);
        assertThat(p.get("email").asText()).isEqualTo("ada" + n + "@example.com");
        assertThat(p.get("username").asText()).isEqualTo("ada-" + n);
        assertThat(p.get("country").asText()).isEqualTo("GB");
        assertThat(p.get("tenantId").asText()).isEqualTo("t-ada-" + n);
        assertThat(p.get("status").asText()).isEqualTo("approved");
        assertThat(p.get("programId").asText()).startsWith("prog_");
        assertThat(p.get("groupId").asText()).isEqualTo(fx.defaultGroupId(api()));
        assertThat(p.get("createdAt").asText()).isEqualTo(server.clock().instant().toString());
        for (String nullKey : List.of("companyName", "paypalEmail", "stripeConnectId", "payoutsEnabledAt",
                "identityVerifiedAt", "defaultPayoutMethod", "bannedAt", "bannedReason", "clickRewardId",
                "leadRewardId", "saleRewardId", "discountId")) {
            assertThat(p.has(nullKey)).as(nullKey).isTrue();
            assertThat(p.get(nullKey).isNull()).as(nullKey).isTrue();
        }
        for (String zero : List.of("totalClicks", "totalLeads", "totalConversions", "totalSales", "totalSaleAmount",
                "totalCommissions", "netRevenue")) {
            assertThat(p.get(zero).isIntegralNumber()).as(zero).isTrue();
            assertThat(p.get(zero).asLong()).as(zero).isZero();
        }
        assertThat(p.get("networkStatus").asText()).isEqualTo("draft");
        assertThat(p.get("groupMoveDisabled").asBoolean()).isFalse();
        JsonNode links = p.get("links");
        assertThat(links).hasSize(1);
        JsonNode link = links.get(0);
        assertThat(link.get("key").asText()).isEqualTo("ada-" + n);
        assertThat(link.get("domain").asText()).isEqualTo("refer.ly");
        assertThat(link.get("shortLink").asText()).isEqualTo("https://refer.ly/ada-" + n);
        assertThat(link.get("url").asText()).isEqualTo(PartnerFixtures.PROGRAM_URL);
        assertThat(link.get("clicks").asLong()).isZero();
        JsonNode stored = api().get("/links/" + link.get("id").asText()).json();
        assertThat(stored.get("partnerId").asText()).isEqualTo(p.get("id").asText());
        assertThat(stored.get("programId").asText()).isEqualTo(p.get("programId").asText());
        assertThat(stored.get("tenantId").asText()).isEqualTo("t-ada-" + n);
        assertThat(stored.get("trackConversion").asBoolean()).isTrue();
        assertThat(api().get("/partners/" + p.get("id").asText()).json()).isEqualTo(p);
        assertThat(fx.visit("ada-" + n, "81.2.69.142").status()).isEqualTo(302);
    }

    @Test
    void theSameTenantIdUpdatesThePartnerInsteadOfEnrollingAnother() {
        JsonNode first = fx.enroll(api(), Map.of());
        String tenant = first.get("tenantId").asText();
        Http.Response again = api().post("/partners", Map.of("tenantId", tenant, "email", first.get("email").asText(),
                "name", "Renamed", "country", "FR"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(again.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(again.json().get("country").asText()).isEqualTo("FR");
        assertThat(again.json().get("username").asText()).isEqualTo(first.get("username").asText());
        assertThat(again.json().get("links")).hasSize(1);
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", first.get("id").asText())).isEqualTo(1);
    }

    @Test
    void theSameEmailAdoptsTheTenantIdButNeverReplacesAnother() {
        int n = PartnerFixtures.next();
        String email = "grace" + n + "@example.com";
        JsonNode first = api().post("/partners", Map.of("email", email)).json();
        assertThat(first.get("name").asText()).isEqualTo(email); // no name: the email
        assertThat(first.get("tenantId").isNull()).isTrue();
        JsonNode adopted = api().post("/partners", Map.of("email", email.toUpperCase(), "tenantId", "t-grace-" + n)).json();
        assertThat(adopted.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(adopted.get("tenantId").asText()).isEqualTo("t-grace-" + n);
        Http.Response clash = api().post("/partners", Map.of("email", email, "tenantId", "t-other-" + n));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().at("/error/code").asText()).isEqualTo("conflict");
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE email = ?", email)).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE tenant_id = ?", "t-other-" + n)).isZero();
    }

    @Test
    void tenConcurrentIdenticalEnrollmentsCreateOnePartnerAndOneLink() throws Exception {
        int n = PartnerFixtures.next();
        Map<String, Object> body = Map.of("name", "Racer", "email", "racer" + n + "@example.com", "tenantId",
                "t-race-" + n, "username", "racer-" + n);
        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> api().post("/partners", body));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<String> ids = new ArrayList<>();
        try {
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                Http.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids.add(r.json().get("id").asText());
                assertThat(r.json().get("links")).hasSize(1);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE tenant_id = ?", "t-race-" + n)).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", ids.get(0))).isEqualTo(1);
    }

    @Test
    void aTakenUsernameFallsBackToARandomKeyButATakenLinkPropsKeyIsAConflict() {
        JsonNode first = fx.enroll(api(), Map.of());
        String username = first.get("username").asText();
        JsonNode second = fx.enroll(api(), Map.of("username", username));
        String key = second.at("/links/0/key").asText();
        assertThat(key).isNotEqualTo(username).hasSize(7);
        int n = PartnerFixtures.next();
        Http.Response clash = api().post("/partners", Map.of("email", "clash" + n + "@example.com",
                "linkProps", Map.of("key", username)));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE email = ?", "clash" + n + "@example.com")).isZero();
    }

    @Test
    void linkPropsShapeTheDefaultLinkButCannotReassignIt() {
        int n = PartnerFixtures.next();
        JsonNode p = fx.enroll(api(), Map.of("linkProps", Map.of("externalId", "ext-" + n, "comments", "launch",
                "utm_source", "partner", "partnerId", "pn_someone_else", "domain", "evil.example")));
        JsonNode link = api().get("/links/ext_ext-" + n).json();
        assertThat(link.get("partnerId").asText()).isEqualTo(p.get("id").asText());
        assertThat(link.get("domain").asText()).isEqualTo("refer.ly");
        assertThat(link.get("comments").asText()).isEqualTo("launch");
        assertThat(link.get("url").asText()).isEqualTo(PartnerFixtures.PROGRAM_URL + "?utm_source=partner");
        Http.Response bad = api().post("/partners", Map.of("email", "bad" + n + "@example.com",
                "linkProps", Map.of("expiresAt", "soon")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().at("/error/message").asText()).startsWith("linkProps.expiresAt:");
    }

    @Test
    void theGroupsLinkSettingsAndSlugsApply() {
        int n = PartnerFixtures.next();
        String groupId = fx.group(api(), "vip-" + n, null, "https://acme.example/vip");
        JsonNode p = fx.enroll(api(), Map.of("groupId", "vip-" + n));
        assertThat(p.get("groupId").asText()).isEqualTo(groupId);
        assertThat(p.at("/links/0/url").asText()).isEqualTo("https://acme.example/vip");
        Http.Response unknown = api().post("/partners", Map.of("email", "x" + n + "@example.com", "groupId", "grp_nope"));
        assertThat(unknown.status()).isEqualTo(404);
        String foreignGroup = fx.group(server.otherApi(), "foreign-" + n, null, null);
        assertThat(api().post("/partners", Map.of("email", "y" + n + "@example.com", "groupId", foreignGroup)).status())
                .isEqualTo(404);
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE email IN (?, ?)", "x" + n + "@example.com",
                "y" + n + "@example.com")).isZero();
    }

    @Test
    void withoutAnyDestinationTheEnrollmentAsksForLinkPropsUrl() {
        Http other = server.otherApi(); // its program has no URL
        int n = PartnerFixtures.next();
        Http.Response r = other.post("/partners", Map.of("email", "nourl" + n + "@example.com"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/message").asText()).startsWith("linkProps.url:");
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE email = ?", "nourl" + n + "@example.com")).isZero();
        Http.Response ok = other.post("/partners", Map.of("email", "nourl" + n + "@example.com",
                "linkProps", Map.of("url", "https://other.example/join")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().at("/links/0/url").asText()).isEqualTo("https://other.example/join");
    }

    @Test
    void listFiltersSearchesSortsAndPages() {
        int n = PartnerFixtures.next();
        String marker = "zeta" + n;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(fx.enroll(api(), Map.of("name", marker + " partner " + i, "country", i == 0 ? "JP" : "DE"))
                    .get("id").asText());
            server.clock().advance(java.time.Duration.ofSeconds(1));
        }
        assertThat(ids(api().get("/partners?search=" + marker.toUpperCase()))).containsExactly(ids.get(2), ids.get(1),
                ids.get(0));
        assertThat(ids(api().get("/partners?search=" + marker + "&sortBy=createdAt&sortOrder=asc")))
                .containsExactly(ids.get(0), ids.get(1), ids.get(2));
        assertThat(ids(api().get("/partners?search=" + marker + "&pageSize=2&page=1"))).containsExactly(ids.get(2), ids.get(1));
        assertThat(ids(api().get("/partners?search=" + marker + "&pageSize=2&page=2"))).containsExactly(ids.get(0));
        assertThat(ids(api().get("/partners?search=" + marker + "&country=jp"))).containsExactly(ids.get(0));
        JsonNode one = api().get("/partners/" + ids.get(1)).json();
        assertThat(ids(api().get("/partners?tenantId=" + one.get("tenantId").asText()))).containsExactly(ids.get(1));
        assertThat(ids(api().get("/partners?email=" + one.get("email").asText().toUpperCase()))).containsExactly(ids.get(1));
        assertThat(ids(api().get("/partners?search=" + ids.get(1)))).containsExactly(ids.get(1));
        api().patch("/partners/" + ids.get(2), Map.of("status", "archived"));
        assertThat(ids(api().get("/partners?search=" + marker + "&status=archived"))).containsExactly(ids.get(2));
        assertThat(ids(api().get("/partners?search=" + marker + "&status=approved"))).containsExactly(ids.get(1), ids.get(0));
        String group = fx.group(api(), "list-" + n, null, null);
        api().patch("/partners/" + ids.get(0), Map.of("groupId", group));
        assertThat(ids(api().get("/partners?groupId=" + group))).containsExactly(ids.get(0));
        assertThat(ids(api().get("/partners?groupId=list-" + n))).containsExactly(ids.get(0));
        fx.visit(api().get("/partners/" + ids.get(0)).json().at("/links/0/key").asText(), "81.2.69.160");
        assertThat(ids(api().get("/partners?search=" + marker + "&sortBy=totalClicks")).get(0)).isEqualTo(ids.get(0));
        assertThat(ids(api().get("/partners?search=" + marker + "&sortBy=clicks&sortOrder=asc")).get(2)).isEqualTo(ids.get(0));
        assertThat(api().get("/partners?search=" + marker + "&sortBy=netRevenue").status()).isEqualTo(200);
        assertThat(api().get("/partners?search=" + marker + "&sortBy=totalCommissions").status()).isEqualTo(200);
        assertThat(api().get("/partners/" + ids.get(0)).json().get("totalClicks").asLong()).isEqualTo(1);
        for (String bad : List.of("sortBy=name", "pageSize=101", "page=0", "status=active", "sortOrder=up")) {
            Http.Response r = api().get("/partners?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.json().at("/error/message").asText()).as(bad).startsWith(bad.split("=")[0] + ":");
        }
    }

    @Test
    void patchMovesTheGroupByHandAndRecordsTheMove() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String from = p.get("groupId").asText();
        int n = PartnerFixtures.next();
        String to = fx.group(api(), "gold-" + n, null, null);
        Http.Response r = api().patch("/partners/" + id, Map.of("groupId", "gold-" + n, "groupMoveDisabled", true,
                "name", "Moved"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("groupId").asText()).isEqualTo(to);
        assertThat(r.json().get("groupMoveDisabled").asBoolean()).isTrue();
        assertThat(r.json().get("name").asText()).isEqualTo("Moved");
        Map<String, Object> move = fx.jdbi().withHandle(h -> h.createQuery("SELECT * FROM partner_group_moves"
                + " WHERE partner_id = :id").bind("id", id).mapToMap().one());
        assertThat(move.get("from_group_id")).isEqualTo(from);
        assertThat(move.get("to_group_id")).isEqualTo(to);
        assertThat(move.get("reason")).isEqualTo("manual");
        assertThat(move.get("rule_target")).isNull();
        assertThat(move.get("id").toString()).startsWith("pgm_");
        api().patch("/partners/" + id, Map.of("groupId", to)); // already there: no move
        assertThat(fx.count("SELECT COUNT(*) FROM partner_group_moves WHERE partner_id = ?", id)).isEqualTo(1);
        api().patch("/partners/" + id, Map.of("groupId", from));
        assertThat(fx.count("SELECT COUNT(*) FROM partner_group_moves WHERE partner_id = ?", id)).isEqualTo(2);
    }

    @Test
    void patchChangesProfileAndStatusWithinTheAllowedTransitions() {
        JsonNode p = fx.enroll(api(), Map.of("country", "US"));
        String id = p.get("id").asText();
        Map<String, Object> clear = new HashMap<>();
        clear.put("country", null);
        clear.put("description", "New bio");
        JsonNode changed = api().patch("/partners/" + id, clear).json();
        assertThat(changed.get("country").isNull()).isTrue();
        assertThat(changed.get("description").asText()).isEqualTo("New bio");
        assertThat(api().patch("/partners/" + id, Map.of("status", "archived")).json().get("status").asText())
                .isEqualTo("archived");
        assertThat(api().patch("/partners/" + id, Map.of("status", "approved")).json().get("status").asText())
                .isEqualTo("approved");
        Http.Response ban = api().patch("/partners/" + id, Map.of("status", "banned", "name", "Not applied"));
        assertThat(ban.status()).isEqualTo(422);
        assertThat(ban.json().at("/error/message").asText()).startsWith("status:").contains("/partners/ban");
        assertThat(api().get("/partners/" + id).json().get("name").asText()).isEqualTo(p.get("name").asText());
        JsonNode other = fx.enroll(api(), Map.of());
        Http.Response taken = api().patch("/partners/" + id, Map.of("tenantId", other.get("tenantId").asText()));
        assertThat(taken.status()).isEqualTo(409);
        Http.Response takenEmail = api().patch("/partners/" + id, Map.of("email", other.get("email").asText()));
        assertThat(takenEmail.status()).isEqualTo(409);
        assertThat(api().get("/partners/" + id).json().get("tenantId").asText()).isEqualTo(p.get("tenantId").asText());
    }

    @Test
    void invalidInputIs422NamingTheFieldAndCreatesNothing() {
        int n = PartnerFixtures.next();
        String email = "invalid" + n + "@example.com";
        Map<String, Map<String, Object>> cases = Map.of(
                "email", Map.of("name", "No email"),
                "country", Map.of("email", email, "country", "XX"),
                "image", Map.of("email", email, "image", "javascript:alert(1)"),
                "username", Map.of("email", email, "username", "has space"),
                "linkProps", Map.of("email", email, "linkProps", "key"),
                "name", Map.of("email", email, "name", 7));
        cases.forEach((field, body) -> {
            Http.Response r = api().post("/partners", body);
            assertThat(r.status()).as(field + " " + r).isEqualTo(422);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("unprocessable_entity");
            assertThat(r.json().at("/error/message").asText()).as(field).startsWith(field + ":");
        });
        assertThat(fx.count("SELECT COUNT(*) FROM partners WHERE email = ?", email)).isZero();
        assertThat(api().post("/partners", "[1]").status()).isEqualTo(400);
        assertThat(api().post("/partners", "{nope").status()).isEqualTo(400);
        JsonNode p = fx.enroll(api(), Map.of());
        Map<String, Object> nullName = new HashMap<>();
        nullName.put("name", null);
        Http.Response r = api().patch("/partners/" + p.get("id").asText(), nullName);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/message").asText()).startsWith("name:");
        assertThat(api().get("/partners/pn_missing").status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspacesPartnersAreNotFound() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        Http other = server.otherApi();
        assertThat(other.get("/partners/" + id).status()).isEqualTo(404);
        assertThat(other.patch("/partners/" + id, Map.of("name", "Stolen")).status()).isEqualTo(404);
        assertThat(other.get("/partners?tenantId=" + p.get("tenantId").asText()).json()).isEmpty();
        assertThat(other.get("/partners?search=" + id).json()).isEmpty();
        assertThat(api().get("/partners/" + id).json().get("name").asText()).isEqualTo(p.get("name").asText());
        fx.programUrl(server.otherApi(), "https://other.example/");
        JsonNode theirs = other.post("/partners", Map.of("email", p.get("email").asText(), "tenantId",
                p.get("tenantId").asText())).json();
        assertThat(theirs.get("id").asText()).isNotEqualTo(id);
        assertThat(api().get("/partners/" + id).json().get("tenantId").asText()).isEqualTo(p.get("tenantId").asText());
        assertThat(server.visitor().get("/partners").status()).isEqualTo(401);
    }

    private static List<String> ids(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return StreamSupport.stream(r.json().spliterator(), false).map(j -> j.get("id").asText()).toList();
    }
}
