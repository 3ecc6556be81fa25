package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardType;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Referly's program admin API: /program, /groups (+ rewards, discount, move rules) and /audit-log. */
class ProgramAdminIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A workspace of its own, so tests that look at every group or the whole audit log do not meet each other. */
    static Http freshWorkspace() {
        return new Http(server.api().base(), server.app().workspaces().create("ws " + SEQ.incrementAndGet()).apiKey());
    }

    static Jdbi db() {
        return server.app().database().jdbi();
    }

    /** One value from the database; binds are name, value pairs. */
    static <T> T one(Class<T> type, String sql, Object... binds) {
        return db().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < binds.length; i += 2) {
                q.bind((String) binds[i], binds[i + 1]);
            }
            return q.mapTo(type).one();
        });
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    static void assertInvalid(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("unprocessable_entity");
        assertThat(r.json().at("/error/message").asText()).startsWith(field + ": ");
    }

    static String newGroup(Http api, String name) {
        return ok(api.post("/groups", map("name", name))).get("id").asText();
    }

    static JsonNode audit(Http api, String query) {
        return ok(api.get("/audit-log" + query));
    }

    // ---- program

    @Test
    void theProgramExistsWithTheWorkspaceAndPatches() {
        Http api = freshWorkspace();
        JsonNode p = ok(api.get("/program"));
        assertThat(p.get("id").asText()).startsWith("prog_");
        assertThat(p.get("workspaceId").asText()).startsWith("ws_");
        assertThat(p.get("currency").asText()).isEqualTo("usd");
        assertThat(p.get("minPayoutAmount").asLong()).isZero();
        String defaultGroup = p.get("defaultGroupId").asText();
        assertThat(ok(api.get("/groups/" + defaultGroup)).get("slug").asText()).isEqualTo("default");
        String gold = newGroup(api, "Gold");

        JsonNode patched = ok(api.patch("/program", map("name", "Acme Partners", "slug", "acme-partners",
                "url", "https://acme.com", "currency", "EUR", "minPayoutAmount", 5000, "defaultGroupId", gold,
                "termsUrl", "https://acme.com/terms", "helpUrl", "http://help.acme.com")));
        assertThat(patched.get("name").asText()).isEqualTo("Acme Partners");
        assertThat(patched.get("slug").asText()).isEqualTo("acme-partners");
        assertThat(patched.get("currency").asText()).isEqualTo("eur");
        assertThat(patched.get("minPayoutAmount").asLong()).isEqualTo(5000);
        assertThat(patched.get("defaultGroupId").asText()).isEqualTo(gold);
        assertThat(patched.get("termsUrl").asText()).isEqualTo("https://acme.com/terms");
        assertThat(ok(api.get("/program"))).isEqualTo(patched);
        assertThat(ok(api.patch("/program", map("termsUrl", null))).get("termsUrl").isNull()).isTrue();

        JsonNode entry = audit(api, "?targetType=program").get(1);
        assertThat(entry.get("action").asText()).isEqualTo("program.updated");
        assertThat(entry.get("targetId").asText()).isEqualTo(p.get("id").asText());
        assertThat(entry.at("/before/currency").asText()).isEqualTo("usd");
        assertThat(entry.at("/after/currency").asText()).isEqualTo("eur");
        assertThat(entry.at("/before/defaultGroupId").asText()).isEqualTo(defaultGroup);
        assertThat(entry.at("/actor/type").asText()).isEqualTo("api_key");
        assertThat(entry.at("/actor/id").asText()).startsWith("key_");
        assertThat(entry.at("/actor/partialKey").asText()).startsWith("rly_").contains("...");
    }

    @Test
    void invalidProgramChangesAre422sAndChangeNothing() {
        Http api = freshWorkspace();
        JsonNode before = ok(api.get("/program"));
        String foreignGroup = ok(server.otherApi().get("/program")).get("defaultGroupId").asText();
        Object[][] cases = {
                {map("name", ""), "name"}, {map("name", "x".repeat(191)), "name"}, {map("name", null), "name"},
                {map("slug", "Not A Slug"), "slug"}, {map("slug", "under_score"), "slug"},
                {map("url", "ftp://acme.com"), "url"}, {map("url", "javascript:alert(1)"), "url"},
                {map("url", "acme.com"), "url"}, {map("currency", "usdollar"), "currency"},
                {map("currency", "xyz"), "currency"}, {map("currency", 840), "currency"},
                {map("minPayoutAmount", -1), "minPayoutAmount"}, {map("minPayoutAmount", 10.5), "minPayoutAmount"},
                {map("minPayoutAmount", "100"), "minPayoutAmount"}, {map("defaultGroupId", "grp_nope"), "defaultGroupId"},
                {map("defaultGroupId", foreignGroup), "defaultGroupId"}, {map("defaultGroupId", "default"), "defaultGroupId"},
                {map("termsUrl", "not a url"), "termsUrl"}, {map("helpUrl", "mailto:a@b.c"), "helpUrl"},
                // a valid change next to an invalid one is not applied either
                {map("name", "Changed", "minPayoutAmount", -5), "minPayoutAmount"}};
        for (Object[] c : cases) {
            assertInvalid(api.patch("/program", c[0]), (String) c[1]);
        }
        Http.Response malformed = api.patch("/program", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/code").asText()).isEqualTo("bad_request");
        assertThat(api.patch("/program", "[1]").status()).isEqualTo(400);
        assertThat(ok(api.get("/program"))).isEqualTo(before);
        assertThat(audit(api, "")).isEmpty();
        assertThat(api.withKey(null).get("/program").status()).isEqualTo(401);
        assertThat(api.withKey("rly_wrong").patch("/program", map("name", "x")).status()).isEqualTo(401);
    }

    // ---- groups

    @Test
    void groupsAreCreatedListedReadUpdated() {
        Http api = freshWorkspace();
        server.clock().advance(java.time.Duration.ofMillis(1));
        JsonNode created = ok(api.post("/groups", map("name", "Gold Partners!", "color", "#7C3AED")));
        server.clock().advance(java.time.Duration.ofMillis(1));
        assertThat(api.post("/groups", map("name", "Silver")).status()).isEqualTo(201);
        String id = created.get("id").asText();
        assertThat(id).startsWith("grp_");
        assertThat(created.get("slug").asText()).isEqualTo("gold-partners");
        assertThat(created.get("color").asText()).isEqualTo("#7C3AED");
        assertThat(created.get("holdingPeriodDays").asInt()).isEqualTo(30);
        assertThat(created.get("linkStructure").asText()).isEqualTo("short");
        assertThat(created.get("maxPartnerLinks").isNull()).isTrue();
        assertThat(created.get("linkUrl").isNull()).isTrue();
        assertThat(created.get("clickReward").isNull()).isTrue();
        assertThat(created.get("saleRewardId").isNull()).isTrue();
        assertThat(created.get("discount").isNull()).isTrue();
        assertThat(created.get("moveRules")).isEmpty();
        assertThat(created.get("partnersCount").asLong()).isZero();
        assertThat(created.get("programId").asText()).isEqualTo(ok(api.get("/program")).get("id").asText());
        assertThat(ok(api.get("/groups/gold-partners"))).isEqualTo(created);
        assertThat(ok(api.get("/groups/" + id))).isEqualTo(created);

        JsonNode all = ok(api.get("/groups"));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("slug").asText()).isEqualTo("default");
        assertThat(all.get(0).get("holdingPeriodDays").asInt()).isZero();
        assertThat(ok(api.get("/groups?page=2&pageSize=1")).get(0).get("id").asText()).isEqualTo(id);
        assertThat(ok(api.get("/groups?page=4&pageSize=1"))).isEmpty();
        assertInvalid(api.get("/groups?pageSize=101"), "pageSize");
        assertInvalid(api.get("/groups?page=0"), "page");

        server.clock().advance(java.time.Duration.ofMinutes(1));
        JsonNode updated = ok(api.patch("/groups/" + id, map("name", "Gold", "slug", "gold", "color", null,
                "holdingPeriodDays", 0, "linkDomain", "Go.Acme.com", "linkUrl", "https://acme.com/pricing",
                "linkStructure", "query", "maxPartnerLinks", 5)));
        assertThat(updated.get("name").asText()).isEqualTo("Gold");
        assertThat(updated.get("slug").asText()).isEqualTo("gold");
        assertThat(updated.get("color").isNull()).isTrue();
        assertThat(updated.get("holdingPeriodDays").asInt()).isZero();
        assertThat(updated.get("linkDomain").asText()).isEqualTo("go.acme.com");
        assertThat(updated.get("linkStructure").asText()).isEqualTo("query");
        assertThat(updated.get("maxPartnerLinks").asInt()).isEqualTo(5);
        assertThat(updated.get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(updated.get("updatedAt").asText()).isNotEqualTo(created.get("updatedAt").asText());
        assertThat(api.get("/groups/gold-partners").status()).isEqualTo(404);
        // absent fields keep their values
        assertThat(ok(api.patch("/groups/gold", map("color", "#000000"))).get("linkStructure").asText())
                .isEqualTo("query");

        JsonNode entries = audit(api, "?targetType=group&targetId=" + id);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(2).get("action").asText()).isEqualTo("group.created");
        assertThat(entries.get(2).get("before").isNull()).isTrue();
        assertThat(entries.get(2).at("/after/slug").asText()).isEqualTo("gold-partners");
        assertThat(entries.get(1).get("action").asText()).isEqualTo("group.updated");
        assertThat(entries.get(1).at("/before/name").asText()).isEqualTo("Gold Partners!");
        assertThat(entries.get(1).at("/after/name").asText()).isEqualTo("Gold");
    }

    @Test
    void groupSlugsAreUniquePerWorkspace() {
        Http api = freshWorkspace();
        ok(api.post("/groups", map("name", "Gold")));
        Http.Response clash = api.post("/groups", map("name", "Gold"));
        assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
        assertThat(clash.json().at("/error/code").asText()).isEqualTo("conflict");
        assertThat(api.post("/groups", map("name", "Other", "slug", "default")).status()).isEqualTo(409);
        String silver = newGroup(api, "Silver");
        assertThat(api.patch("/groups/" + silver, map("slug", "gold")).status()).isEqualTo(409);
        assertThat(ok(api.get("/groups/" + silver)).get("slug").asText()).isEqualTo("silver");
        // another workspace may use the same slug
        assertThat(freshWorkspace().post("/groups", map("name", "Gold")).status()).isEqualTo(201);
        assertThat(ok(api.get("/groups"))).hasSize(3);
    }

    @Test
    void invalidGroupsAre422sAndCreateNothing() {
        Http api = freshWorkspace();
        Object[][] cases = {
                {map(), "name"}, {map("name", "  "), "name"}, {map("name", 5), "name"},
                {map("name", "x".repeat(191)), "name"}, {map("name", "A", "slug", "Has Space"), "slug"},
                {map("name", "A", "slug", "grp_x"), "slug"}, {map("name", "A", "color", "red"), "color"},
                {map("name", "A", "color", "#12345"), "color"}, {map("name", "A", "holdingPeriodDays", 366), "holdingPeriodDays"},
                {map("name", "A", "holdingPeriodDays", -1), "holdingPeriodDays"},
                {map("name", "A", "holdingPeriodDays", null), "holdingPeriodDays"},
                {map("name", "A", "linkDomain", "not a domain"), "linkDomain"},
                {map("name", "A", "linkUrl", "ftp://acme.com"), "linkUrl"},
                {map("name", "A", "linkStructure", "long"), "linkStructure"},
                {map("name", "A", "maxPartnerLinks", 0), "maxPartnerLinks"},
                {map("name", "A", "maxPartnerLinks", 1.5), "maxPartnerLinks"}};
        for (Object[] c : cases) {
            assertInvalid(api.post("/groups", c[0]), (String) c[1]);
        }
        assertThat(api.post("/groups", "{name: 1}").status()).isEqualTo(400);
        assertThat(api.post("/groups", "").status()).isEqualTo(400);
        String g = newGroup(api, "Kept");
        assertInvalid(api.patch("/groups/" + g, map("name", null)), "name");
        assertInvalid(api.patch("/groups/" + g, map("name", "Renamed", "linkStructure", "x")), "linkStructure");
        assertThat(api.patch("/groups/" + g, "{").status()).isEqualTo(400);
        assertThat(ok(api.get("/groups/" + g)).get("name").asText()).isEqualTo("Kept");
        assertThat(ok(api.get("/groups"))).hasSize(2);
        assertThat(audit(api, "")).hasSize(1);
    }

    // ---- rewards

    static final Map<String, Object> SALE_REWARD = map("type", "percentage", "amountInPercentage", 12.5,
            "maxDuration", 12, "description", "12.5% for a year",
            "tooltipDescription", "**Recurring**<script>alert(1)</script> [terms](javascript:alert(1))",
            "modifiers", List.of(map("operator", "AND", "conditions", List.of(map("entity", "sale",
                    "attribute", "productId", "operator", "in", "value", List.of("prod_gold"))),
                    "amountInPercentage", 30)),
            "spendLimits", List.of(map("scope", "partner", "period", "month", "amountInCents", 100000)));

    @Test
    void aRewardIsPutReadReplacedAndDeletedWithItsAuditTrail() {
        Http api = freshWorkspace();
        String group = newGroup(api, "Gold");
        JsonNode created = ok(api.put("/groups/" + group + "/rewards/sale", SALE_REWARD));
        String rewardId = created.get("id").asText();
        assertThat(rewardId).startsWith("rw_");
        assertThat(created.get("event").asText()).isEqualTo("sale");
        assertThat(created.get("type").asText()).isEqualTo("percentage");
        assertThat(created.get("amountInPercentage").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(created.get("amountInPercentage").toString()).isEqualTo("12.5");
        assertThat(created.get("amountInCents").isNull()).isTrue();
        assertThat(created.get("maxDuration").asInt()).isEqualTo(12);
        assertThat(created.get("groupId").asText()).isEqualTo(group);
        assertThat(created.at("/modifiers/0/conditions/0/value/0").asText()).isEqualTo("prod_gold");
        assertThat(created.at("/modifiers/0/amountInPercentage").toString()).isEqualTo("30");
        assertThat(created.at("/spendLimits/0/period").asText()).isEqualTo("month");
        String html = created.get("tooltipHtml").asText();
        assertThat(html).contains("<strong>Recurring</strong>").contains("&lt;script&gt;")
                .doesNotContain("<script").doesNotContain("javascript:");
        assertThat(ok(api.get("/groups/" + group + "/rewards/sale"))).isEqualTo(created);
        JsonNode view = ok(api.get("/groups/" + group));
        assertThat(view.get("saleRewardId").asText()).isEqualTo(rewardId);
        assertThat(view.get("saleReward")).isEqualTo(created);
        assertThat(view.get("leadReward").isNull()).isTrue();

        // the stored definition is the Reward record, readable with a plain ObjectMapper
        Reward stored = RewardService.readDefinition(one(String.class, "SELECT definition FROM rewards WHERE id = :id",
                "id", rewardId));
        assertThat(stored.id()).isEqualTo(rewardId);
        assertThat(stored.type()).isEqualTo(RewardType.PERCENTAGE);
        assertThat(stored.amountInBasisPoints()).isEqualTo(1250);
        assertThat(stored.modifiers().get(0).amountInBasisPoints()).isEqualTo(3000);

        server.clock().advance(java.time.Duration.ofSeconds(5));
        JsonNode replaced = ok(api.put("/groups/gold/rewards/sale", map("type", "flat", "amountInCents", 2500,
                "maxDuration", null)));
        assertThat(replaced.get("id").asText()).isEqualTo(rewardId);
        assertThat(replaced.get("amountInCents").asLong()).isEqualTo(2500);
        assertThat(replaced.get("amountInPercentage").isNull()).isTrue();
        assertThat(replaced.get("maxDuration").isNull()).isTrue();
        assertThat(replaced.get("modifiers")).isEmpty();
        assertThat(replaced.get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(replaced.get("updatedAt")).isNotEqualTo(created.get("updatedAt"));
        assertThat(one(Integer.class, "SELECT COUNT(*) FROM rewards WHERE group_id = :g", "g", group)).isEqualTo(1);

        JsonNode trail = audit(api, "?targetType=reward&targetId=" + rewardId);
        assertThat(trail).hasSize(2);
        JsonNode update = trail.get(0);
        assertThat(update.get("action").asText()).isEqualTo("reward.updated");
        assertThat(update.at("/before/type").asText()).isEqualTo("percentage");
        assertThat(update.at("/before/amountInPercentage").asDouble()).isEqualTo(12.5);
        assertThat(update.at("/before/maxDuration").asInt()).isEqualTo(12);
        assertThat(update.at("/after/type").asText()).isEqualTo("flat");
        assertThat(update.at("/after/amountInCents").asLong()).isEqualTo(2500);
        assertThat(update.at("/after/maxDuration").isNull()).isTrue();
        assertThat(update.at("/actor/id").asText()).startsWith("key_");
        assertThat(trail.get(1).get("action").asText()).isEqualTo("reward.created");
        assertThat(trail.get(1).get("before").isNull()).isTrue();
        assertThat(trail.get(1).at("/after/id").asText()).isEqualTo(rewardId);

        ok(api.put("/groups/" + group + "/rewards/lead", map("amountInCents", 0, "description", "A T-shirt")));
        assertThat(ok(api.delete("/groups/" + group + "/rewards/sale")).get("id").asText()).isEqualTo(rewardId);
        assertThat(api.get("/groups/" + group + "/rewards/sale").status()).isEqualTo(404);
        assertThat(api.delete("/groups/" + group + "/rewards/sale").status()).isEqualTo(404);
        assertThat(ok(api.get("/groups/" + group)).get("saleReward").isNull()).isTrue();
        assertThat(ok(api.get("/groups/" + group)).at("/leadReward/description").asText()).isEqualTo("A T-shirt");
        JsonNode deleted = audit(api, "?targetId=" + rewardId).get(0);
        assertThat(deleted.get("action").asText()).isEqualTo("reward.deleted");
        assertThat(deleted.at("/before/amountInCents").asLong()).isEqualTo(2500);
        assertThat(deleted.get("after").isNull()).isTrue();
        assertThat(api.get("/groups/" + group + "/rewards/signup").status()).isEqualTo(404);
    }

    @Test
    void invalidRewardsAre422sNamingTheFieldAndChangeNothing() {
        Http api = freshWorkspace();
        String group = newGroup(api, "Gold");
        JsonNode before = ok(api.put("/groups/" + group + "/rewards/lead", map("amountInCents", 500)));
        Object[][] cases = {
                {"lead", map("type", "percentage", "amountInPercentage", 10), "type"},
                {"lead", map("amountInCents", 500, "maxDuration", 6), "maxDuration"},
                {"sale", map("type", "percentage", "amountInPercentage", 10.555), "amountInPercentage"},
                {"lead", map("amountInCents", -1), "amountInCents"},
                {"lead", map("amountInCents", 100, "description", "x".repeat(101)), "description"},
                {"lead", map("amountInCents", 100, "modifiers", List.of(map("conditions", List.of(map("entity", "customer",
                        "attribute", "country", "operator", "equals_to", "value", "US"), map("entity", "customer",
                        "attribute", "country", "operator", "bogus", "value", "US")), "amountInCents", 5))),
                        "modifiers[0].conditions[1].operator"},
                {"sale", map("amountInCents", 100, "spendLimits", List.of(map("scope", "partner", "period", "year",
                        "amountInCents", 5))), "spendLimits[0].period"}};
        for (Object[] c : cases) {
            assertInvalid(api.put("/groups/" + group + "/rewards/" + c[0], c[1]), (String) c[2]);
        }
        assertThat(api.put("/groups/" + group + "/rewards/lead", "{\"amountInCents\": 1,}").status()).isEqualTo(400);
        assertThat(ok(api.get("/groups/" + group + "/rewards/lead"))).isEqualTo(before);
        assertThat(api.get("/groups/" + group + "/rewards/sale").status()).isEqualTo(404);
        assertThat(audit(api, "?targetType=reward")).hasSize(1);
    }

    // ---- discounts

    @Test
    void aDiscountIsPutReadReplacedAndDeleted() {
        Http api = freshWorkspace();
        String group = newGroup(api, "Gold");
        assertThat(api.get("/groups/" + group + "/discount").status()).isEqualTo(404);
        JsonNode created = ok(api.put("/groups/" + group + "/discount", map("type", "percentage", "amount", 12.5,
                "maxDuration", 3, "couponId", "SAVE125", "description", "12.5% off for 3 months")));
        String id = created.get("id").asText();
        assertThat(id).startsWith("disc_");
        assertThat(created.get("amount").toString()).isEqualTo("12.5");
        assertThat(created.get("type").asText()).isEqualTo("percentage");
        assertThat(created.get("maxDuration").asInt()).isEqualTo(3);
        assertThat(created.get("couponId").asText()).isEqualTo("SAVE125");
        assertThat(created.get("couponTestId").isNull()).isTrue();
        assertThat(ok(api.get("/groups/" + group + "/discount"))).isEqualTo(created);
        assertThat(ok(api.get("/groups/" + group)).get("discountId").asText()).isEqualTo(id);
        assertThat(one(Long.class, "SELECT amount FROM discounts WHERE id = :id", "id", id)).isEqualTo(1250);

        JsonNode replaced = ok(api.put("/groups/" + group + "/discount", map("type", "flat", "amount", 500)));
        assertThat(replaced.get("id").asText()).isEqualTo(id);
        assertThat(replaced.get("amount").asLong()).isEqualTo(500);
        assertThat(replaced.get("maxDuration").isNull()).isTrue(); // forever
        assertThat(replaced.get("couponId").isNull()).isTrue();
        JsonNode trail = audit(api, "?targetType=discount");
        assertThat(trail.get(0).get("action").asText()).isEqualTo("discount.updated");
        assertThat(trail.get(0).at("/before/amount").asDouble()).isEqualTo(12.5);
        assertThat(trail.get(0).at("/after/amount").asLong()).isEqualTo(500);
        assertThat(trail.get(1).get("action").asText()).isEqualTo("discount.created");

        Object[][] cases = {{map("type", "free", "amount", 5), "type"}, {map("amount", 0), "amount"},
                {map("amount", 1.5), "amount"}, {map(), "amount"},
                {map("type", "percentage", "amount", 101), "amount"},
                {map("type", "percentage", "amount", 1.234), "amount"},
                {map("amount", 5, "maxDuration", -1), "maxDuration"},
                {map("amount", 5, "couponId", 7), "couponId"}};
        for (Object[] c : cases) {
            assertInvalid(api.put("/groups/" + group + "/discount", c[0]), (String) c[1]);
        }
        assertThat(ok(api.get("/groups/" + group + "/discount"))).isEqualTo(replaced);

        assertThat(ok(api.delete("/groups/" + group + "/discount")).get("id").asText()).isEqualTo(id);
        assertThat(api.get("/groups/" + group + "/discount").status()).isEqualTo(404);
        assertThat(api.delete("/groups/" + group + "/discount").status()).isEqualTo(404);
        assertThat(audit(api, "?targetType=discount").get(0).get("action").asText()).isEqualTo("discount.deleted");
    }

    // ---- move rules

    static Map<String, Object> gte(String attribute, long value) {
        return map("attribute", attribute, "operator", "gte", "value", value);
    }

    static Map<String, Object> between(String attribute, long min, long max) {
        return map("attribute", attribute, "operator", "between", "value", map("min", min, "max", max));
    }

    @Test
    void moveRulesAreSetAndOverlappingOnesRejected() {
        Http api = freshWorkspace();
        String silver = newGroup(api, "Silver");
        String gold = newGroup(api, "Gold");
        assertThat(ok(api.get("/groups/" + silver + "/move-rules"))).isEmpty();

        JsonNode silverRules = ok(api.put("/groups/" + silver + "/move-rules",
                List.of(between("totalLeads", 10, 99), gte("totalSaleAmount", 10000))));
        assertThat(silverRules.toString()).isEqualTo("[{\"attribute\":\"totalLeads\",\"operator\":\"between\","
                + "\"value\":{\"min\":10,\"max\":99}},{\"attribute\":\"totalSaleAmount\",\"operator\":\"gte\","
                + "\"value\":10000}]");
        assertThat(ok(api.get("/groups/" + silver + "/move-rules"))).isEqualTo(silverRules);
        assertThat(ok(api.get("/groups/" + silver)).get("moveRules")).isEqualTo(silverRules);
        assertThat(one(String.class, "SELECT rules FROM group_move_rules WHERE group_id = :g", "g", silver))
                .isEqualTo(silverRules.toString());

        // gte 50 leads meets 10-99 leads; a different attribute alone never separates groups
        for (Object rules : List.of(List.of(gte("totalLeads", 50)), List.of(gte("totalCommissions", 5000)),
                List.of(between("totalLeads", 99, 200)))) {
            Http.Response r = api.put("/groups/" + gold + "/move-rules", rules);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().at("/error/message").asText()).contains(silver).contains("overlap");
        }
        assertThat(ok(api.get("/groups/" + gold + "/move-rules"))).isEmpty();
        JsonNode goldRules = ok(api.put("/groups/" + gold + "/move-rules", List.of(gte("totalLeads", 100))));
        assertThat(goldRules).hasSize(1);
        // replacing a group's own rules is not an overlap with itself
        ok(api.put("/groups/" + gold + "/move-rules", List.of(gte("totalLeads", 150))));

        assertInvalid(api.put("/groups/" + gold + "/move-rules", List.of(map("attribute", "totalClicks", "value", 5))),
                "rules[0].attribute");
        assertInvalid(api.put("/groups/" + gold + "/move-rules", List.of(between("totalLeads", 5, 5))),
                "rules[0].value.max");
        assertThat(api.put("/groups/" + gold + "/move-rules", map("attribute", "totalLeads")).status()).isEqualTo(400);
        assertThat(ok(api.get("/groups/" + gold + "/move-rules")).get(0).get("value").asLong()).isEqualTo(150);

        // clearing Silver's rules frees the range for Gold
        assertThat(ok(api.put("/groups/" + silver + "/move-rules", List.of()))).isEmpty();
        assertThat(one(Integer.class, "SELECT COUNT(*) FROM group_move_rules WHERE group_id = :g", "g", silver))
                .isZero();
        ok(api.put("/groups/" + gold + "/move-rules", List.of(gte("totalLeads", 1))));

        JsonNode trail = audit(api, "?targetType=move_rules&targetId=" + silver);
        assertThat(trail).hasSize(2);
        assertThat(trail.get(0).get("action").asText()).isEqualTo("move_rules.updated");
        assertThat(trail.get(0).get("before")).isEqualTo(silverRules);
        assertThat(trail.get(0).get("after").isNull()).isTrue();
        assertThat(trail.get(1).get("before").isNull()).isTrue();
        assertThat(trail.get(1).get("after")).isEqualTo(silverRules);
    }

    // ---- delete

    static void insertPartner(String workspaceId, String id, String groupId) {
        db().useHandle(h -> h.createUpdate("INSERT INTO partners (id, workspace_id, program_id, group_id, name, status,"
                        + " created_at, updated_at) SELECT :id, :ws, p.id, :group, :id, 'approved', 0, 0 FROM programs p"
                        + " WHERE p.workspace_id = :ws")
                .bind("id", id).bind("ws", workspaceId).bind("group", groupId).execute());
    }

    @Test
    void deletingAGroupMovesItsPartnersToTheDefaultGroup() {
        Http api = freshWorkspace();
        JsonNode program = ok(api.get("/program"));
        String ws = program.get("workspaceId").asText();
        String defaultGroup = program.get("defaultGroupId").asText();
        String gold = newGroup(api, "Gold");
        String silver = newGroup(api, "Silver");
        int n = SEQ.incrementAndGet();
        insertPartner(ws, "pn_a" + n, gold);
        insertPartner(ws, "pn_b" + n, gold);
        insertPartner(ws, "pn_c" + n, silver);
        ok(api.put("/groups/" + gold + "/rewards/sale", map("amountInCents", 1000)));
        ok(api.put("/groups/" + gold + "/discount", map("amount", 500)));
        ok(api.put("/groups/" + gold + "/move-rules", List.of(gte("totalLeads", 10))));
        assertThat(ok(api.get("/groups/" + gold)).get("partnersCount").asLong()).isEqualTo(2);

        Http.Response refused = api.delete("/groups/" + defaultGroup);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/message").asText()).contains("default group");
        assertThat(api.delete("/groups/default").status()).isEqualTo(400);

        JsonNode deleted = ok(api.delete("/groups/gold"));
        assertThat(deleted.get("id").asText()).isEqualTo(gold);
        assertThat(deleted.get("movedTo").asText()).isEqualTo(defaultGroup);
        assertThat(deleted.get("partnersMoved").asInt()).isEqualTo(2);
        assertThat(api.get("/groups/" + gold).status()).isEqualTo(404);
        assertThat(api.delete("/groups/" + gold).status()).isEqualTo(404);
        List<String> groupsNow = db().withHandle(h -> h.createQuery("SELECT group_id FROM partners WHERE id IN"
                        + " (:a, :b, :c) ORDER BY id").bind("a", "pn_a" + n).bind("b", "pn_b" + n).bind("c", "pn_c" + n)
                .mapTo(String.class).list());
        assertThat(groupsNow).containsExactly(defaultGroup, defaultGroup, silver);
        List<Map<String, Object>> moves = db().withHandle(h -> h.createQuery("SELECT partner_id, from_group_id,"
                        + " to_group_id, reason, rule_target FROM partner_group_moves WHERE workspace_id = :ws"
                        + " ORDER BY partner_id").bind("ws", ws).mapToMap().list());
        assertThat(moves).hasSize(2);
        assertThat(moves.get(0)).containsEntry("partner_id", "pn_a" + n).containsEntry("from_group_id", gold)
                .containsEntry("to_group_id", defaultGroup).containsEntry("reason", "group_deleted")
                .containsEntry("rule_target", null);
        for (String table : List.of("rewards", "discounts", "group_move_rules")) {
            assertThat(one(Integer.class, "SELECT COUNT(*) FROM " + table + " WHERE group_id = :g", "g", gold))
                    .as(table).isZero();
        }
        assertThat(ok(api.get("/groups/" + defaultGroup)).get("partnersCount").asLong()).isEqualTo(2);
        JsonNode entry = audit(api, "?targetId=" + gold).get(0);
        assertThat(entry.get("action").asText()).isEqualTo("group.deleted");
        assertThat(entry.at("/before/saleReward/amountInCents").asLong()).isEqualTo(1000);
        assertThat(entry.at("/before/discount/amount").asLong()).isEqualTo(500);
        assertThat(entry.get("after").isNull()).isTrue();

        // once another group is the default, the old default can go
        ok(api.patch("/program", map("defaultGroupId", silver)));
        assertThat(ok(api.delete("/groups/" + defaultGroup)).get("partnersMoved").asInt()).isEqualTo(2);
        assertThat(ok(api.get("/groups/" + silver)).get("partnersCount").asLong()).isEqualTo(3);
    }

    // ---- isolation

    @Test
    void anotherWorkspacesGroupsAreNotFoundOnEveryEndpoint() {
        Http api = freshWorkspace();
        Http other = server.otherApi();
        String group = newGroup(api, "Private");
        ok(api.put("/groups/" + group + "/rewards/lead", map("amountInCents", 100)));
        ok(api.put("/groups/" + group + "/discount", map("amount", 100)));
        ok(api.put("/groups/" + group + "/move-rules", List.of(gte("totalLeads", 3))));
        String defaultGroup = ok(api.get("/program")).get("defaultGroupId").asText();
        int auditBefore = audit(api, "").size();
        for (String g : List.of(group, defaultGroup)) {
            List<Http.Response> answers = List.of(
                    other.get("/groups/" + g), other.patch("/groups/" + g, map("name", "Mine")),
                    other.delete("/groups/" + g),
                    other.get("/groups/" + g + "/rewards/lead"),
                    other.put("/groups/" + g + "/rewards/lead", map("amountInCents", 1)),
                    other.delete("/groups/" + g + "/rewards/lead"),
                    other.get("/groups/" + g + "/discount"),
                    other.put("/groups/" + g + "/discount", map("amount", 1)),
                    other.delete("/groups/" + g + "/discount"),
                    other.get("/groups/" + g + "/move-rules"),
                    other.put("/groups/" + g + "/move-rules", List.of(gte("totalLeads", 1))));
            for (Http.Response r : answers) {
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertThat(r.json().at("/error/code").asText()).isEqualTo("not_found");
            }
        }
        assertInvalid(other.patch("/program", map("defaultGroupId", group)), "defaultGroupId");
        assertThat(ok(other.get("/groups")).toString()).doesNotContain(group).doesNotContain(defaultGroup);
        assertThat(ok(other.get("/program")).get("id").asText()).isNotEqualTo(ok(api.get("/program")).get("id").asText());
        assertThat(ok(other.get("/audit-log?targetId=" + group))).isEmpty();
        // untouched
        JsonNode view = ok(api.get("/groups/" + group));
        assertThat(view.get("name").asText()).isEqualTo("Private");
        assertThat(view.at("/leadReward/amountInCents").asLong()).isEqualTo(100);
        assertThat(view.at("/discount/amount").asLong()).isEqualTo(100);
        assertThat(view.at("/moveRules/0/value").asLong()).isEqualTo(3);
        assertThat(audit(api, "")).hasSize(auditBefore);
    }

    // ---- audit log

    @Test
    void theAuditLogPagesNewestFirstAndFilters() {
        Http api = freshWorkspace();
        String group = newGroup(api, "Gold");
        for (int i = 1; i <= 5; i++) {
            server.clock().advance(java.time.Duration.ofSeconds(1));
            ok(api.patch("/groups/" + group, map("holdingPeriodDays", i)));
        }
        ok(api.patch("/groups/" + group, map("holdingPeriodDays", 5))); // no change, no entry
        JsonNode all = audit(api, "");
        assertThat(all).hasSize(6);
        assertThat(all.get(0).at("/after/holdingPeriodDays").asInt()).isEqualTo(5);
        assertThat(all.get(0).at("/before/holdingPeriodDays").asInt()).isEqualTo(4);
        assertThat(all.get(5).get("action").asText()).isEqualTo("group.created");
        assertThat(all.get(0).get("id").asText()).startsWith("aud_");
        assertThat(all.get(0).get("createdAt").asText()).endsWith("Z");
        assertThat(all.get(0).get("createdAt").asText().compareTo(all.get(5).get("createdAt").asText())).isPositive();

        JsonNode page2 = audit(api, "?page=2&pageSize=2");
        assertThat(page2.get(0).get("id")).isEqualTo(all.get(2).get("id"));
        JsonNode after = audit(api, "?pageSize=2&startingAfter=" + all.get(1).get("id").asText());
        assertThat(after).hasSize(2);
        assertThat(after.get(0).get("id")).isEqualTo(all.get(2).get("id"));
        assertThat(after.get(1).get("id")).isEqualTo(all.get(3).get("id"));
        assertThat(audit(api, "?action=group.created")).hasSize(1);
        assertThat(audit(api, "?targetType=reward")).isEmpty();
        assertThat(audit(api, "?targetId=grp_nope")).isEmpty();
        assertInvalid(api.get("/audit-log?startingAfter=aud_nope"), "startingAfter");
        assertInvalid(api.get("/audit-log?pageSize=0"), "pageSize");
        assertThat(server.otherApi().get("/audit-log?startingAfter=" + all.get(1).get("id").asText()).status())
                .isEqualTo(422);
        assertThat(api.withKey(null).get("/audit-log").status()).isEqualTo(401);
    }
}
