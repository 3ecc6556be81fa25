package dev.referly.referrals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The customer referral program's seed flow through the public API: a user-partner shares
 * ?ref=CODE, signups become pending referrals, the first payment grants both sides once, the
 * referrer's cap holds, credit expires on time, redemptions are exact under concurrency, and a
 * self-referral earns nothing.
 */
class ReferralsIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** A fresh workspace, so each test starts from an empty program. */
    static Http workspace() {
        return api().withKey(server.app().workspaces().create("Referrals " + SEQ.incrementAndGet()).apiKey());
    }

    static String creditsGroup(Http api, Map<String, Object> reward) {
        ok(api.patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api.post("/groups", Map.of("name", "Credits", "slug", "credits"))).get("id").asText();
        ok(api.put("/groups/" + group + "/credit-reward", reward));
        return group;
    }

    static JsonNode credits(Http api, String query) {
        return ok(api.get("/credits?" + query));
    }

    static long balance(Http api, String query) {
        JsonNode b = credits(api, query).get("balances").get("credits");
        return b == null ? 0 : b.asLong();
    }

    static JsonNode referrals(Http api, String query) {
        return ok(api.get("/referrals?" + query));
    }

    @Test
    void theSeedFlow() {
        Http api = workspace();
        Map<String, Object> reward = new HashMap<>(Map.of("kind", "credit", "amount", 500, "unit", "credits",
                "recipient", "both", "trigger", "first_sale", "maxRewardedReferrals", 2, "expiresInDays", 30,
                "description", "Give 500, get 500"));
        String group = creditsGroup(api, reward);
        JsonNode stored = ok(api.get("/groups/" + group + "/credit-reward"));
        assertThat(stored.get("trigger").asText()).isEqualTo("first_sale");
        assertThat(stored.get("maxRewardedReferrals").asInt()).isEqualTo(2);

        // A user of the company's app is a partner with a tenantId and a code.
        JsonNode alice = ok(api.post("/partners", Map.of("name", "Alice", "email", "alice@gmail.com",
                "tenantId", "user_alice", "groupId", group)));
        String partnerId = alice.get("id").asText();
        String code = alice.get("referralCode").asText();
        assertThat(code).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}");
        assertThat(alice.get("referralLink").asText()).isEqualTo("https://acme.example/signup?ref=" + code);

        // Bob follows ?ref=code (typed in lower case): the attribution script reports the click.
        JsonNode click = ok(api.send("POST", "/track/click", Map.of("ref", code.toLowerCase()),
                Map.of("User-Agent", UserAgents.CHROME_MAC, "X-Forwarded-For", "81.2.69.142")));
        assertThat(click.get("partner").get("id").asText()).isEqualTo(partnerId);
        assertThat(click.get("link").get("id").asText()).isEqualTo(alice.get("links").get(0).get("id").asText());
        assertThat(click.has("discount")).isTrue();
        String clickId = click.get("clickId").asText();

        // Signup: a pending referral, and no credit yet.
        ok(api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", "user_bob", "customerEmail", "bob@example.org")));
        JsonNode refs = referrals(api, "partnerId=" + partnerId);
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(refs.get(0).get("referralCode").asText()).isEqualTo(code);
        assertThat(balance(api, "tenantId=user_alice")).isZero();
        assertThat(balance(api, "customerExternalId=user_bob")).isZero();

        // First payment: both sides get 500 credits, once.
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_bob", "amount", 2_000, "invoiceId", "inv-b1")));
        assertThat(balance(api, "tenantId=user_alice")).isEqualTo(500);
        assertThat(balance(api, "partnerId=" + partnerId)).isEqualTo(500);
        assertThat(balance(api, "customerExternalId=user_bob")).isEqualTo(500);
        assertThat(referrals(api, "tenantId=user_alice").get(0).get("status").asText()).isEqualTo("rewarded");
        JsonNode grant = credits(api, "customerExternalId=user_bob").get("entries").get(0);
        assertThat(grant.get("type").asText()).isEqualTo("grant");
        assertThat(java.time.Duration.between(java.time.Instant.parse(grant.get("createdAt").asText()),
                java.time.Instant.parse(grant.get("expiresAt").asText()))).isEqualTo(Duration.ofDays(30));
        // Later payments grant nothing more under first_sale; a repeated invoice neither.
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_bob", "amount", 2_000, "invoiceId", "inv-b2")));
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_bob", "amount", 2_000, "invoiceId", "inv-b1")));
        assertThat(balance(api, "tenantId=user_alice")).isEqualTo(500);
        assertThat(balance(api, "customerExternalId=user_bob")).isEqualTo(500);

        // Carol types the code at signup (no click): attributed by code; her payment is Alice's 2nd reward.
        ok(api.post("/track/lead", Map.of("referralCode", code, "eventName", "Sign up",
                "customerExternalId", "user_carol", "customerEmail", "carol@example.net")));
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_carol", "amount", 1_000, "invoiceId", "inv-c1")));
        assertThat(balance(api, "tenantId=user_alice")).isEqualTo(1_000);
        assertThat(balance(api, "customerExternalId=user_carol")).isEqualTo(500);

        // Dave is the third: past maxRewardedReferrals the referrer gets nothing, the referred still does.
        ok(api.post("/track/lead", Map.of("referralCode", code, "eventName", "Sign up",
                "customerExternalId", "user_dave", "customerEmail", "dave@example.com")));
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_dave", "amount", 1_000, "invoiceId", "inv-d1")));
        assertThat(balance(api, "tenantId=user_alice")).isEqualTo(1_000);
        assertThat(balance(api, "customerExternalId=user_dave")).isEqualTo(500);
        assertThat(referrals(api, "partnerId=" + partnerId + "&status=rewarded")).hasSize(3);

        // Alice signs up again under another address with her own code: a self-referral, rejected.
        ok(api.post("/track/lead", Map.of("referralCode", code, "eventName", "Sign up",
                "customerExternalId", "user_alice", "customerEmail", "a.l.i.c.e+2@gmail.com")));
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_alice", "amount", 1_000, "invoiceId", "inv-a1")));
        JsonNode rejected = referrals(api, "status=rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("reason").asText()).contains("self_referral");
        assertThat(balance(api, "customerExternalId=user_alice")).isZero();
        assertThat(balance(api, "tenantId=user_alice")).isEqualTo(1_000);

        // Alice redeems 300; then 31 days pass: what is left of every grant expires, as ledger entries.
        JsonNode redeemed = ok(api.post("/credits/redeem", Map.of("tenantId", "user_alice", "unit", "credits",
                "amount", 300, "idempotencyKey", "alice-1")));
        assertThat(redeemed.get("balance").asLong()).isEqualTo(700);
        server.clock().advance(Duration.ofDays(31));
        awaitBalance(api, "tenantId=user_alice", 0);
        awaitBalance(api, "customerExternalId=user_bob", 0);
        JsonNode entries = credits(api, "tenantId=user_alice").get("entries");
        List<String> types = new ArrayList<>();
        long expired = 0;
        for (JsonNode e : entries) {
            types.add(e.get("type").asText());
            if (e.get("type").asText().equals("expiry")) {
                expired += e.get("amount").asLong();
            }
        }
        assertThat(types).containsOnly("grant", "redemption", "expiry").contains("expiry");
        assertThat(expired).isEqualTo(-700);
        // The referral's code can be deactivated: it attributes nothing any more.
        assertThat(api.delete("/partners/" + partnerId + "/referral-code").status()).isEqualTo(200);
        assertThat(api.send("POST", "/track/click", Map.of("ref", code), Map.of("User-Agent", UserAgents.CHROME_MAC))
                .status()).isEqualTo(404);
    }

    static void awaitBalance(Http api, String query, long expected) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (balance(api, query) != expected && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(balance(api, query)).as(query).isEqualTo(expected);
    }

    @Test
    void concurrentRedemptionsNeverOverdrawAndKeysAreIdempotent() throws Exception {
        Http api = workspace();
        creditsGroup(api, Map.of("kind", "credit", "amount", 100, "unit", "credits"));
        ok(api.post("/partners", Map.of("name", "Eve", "email", "eve@example.com", "tenantId", "user_eve")));
        assertThat(api.post("/credits/adjust", Map.of("tenantId", "user_eve", "unit", "credits", "amount", 500))
                .status()).isEqualTo(422); // a reason is required
        ok(api.post("/credits/adjust", Map.of("tenantId", "user_eve", "unit", "credits", "amount", 500,
                "reason", "welcome gift")));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            Callable<Integer> redeem = () -> api.post("/credits/redeem", Map.of("tenantId", "user_eve",
                    "unit", "credits", "amount", 100, "idempotencyKey", key)).status();
            results.add(pool.submit(redeem));
        }
        int succeeded = 0;
        int refused = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            succeeded += status == 200 ? 1 : 0;
            refused += status == 422 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(succeeded).isEqualTo(5);
        assertThat(refused).isEqualTo(5);
        assertThat(balance(api, "tenantId=user_eve")).isZero();

        // A repeated key answers the first result and takes nothing; a negative adjustment cannot overdraw.
        ok(api.post("/credits/adjust", Map.of("tenantId", "user_eve", "unit", "credits", "amount", 50,
                "reason", "goodwill")));
        JsonNode first = ok(api.post("/credits/redeem", Map.of("tenantId", "user_eve", "unit", "credits",
                "amount", 30, "idempotencyKey", "once")));
        JsonNode again = ok(api.post("/credits/redeem", Map.of("tenantId", "user_eve", "unit", "credits",
                "amount", 30, "idempotencyKey", "once")));
        assertThat(again.get("entry").get("id").asText()).isEqualTo(first.get("entry").get("id").asText());
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(balance(api, "tenantId=user_eve")).isEqualTo(20);
        assertThat(api.post("/credits/adjust", Map.of("tenantId", "user_eve", "unit", "credits", "amount", -21,
                "reason", "oops")).status()).isEqualTo(422);
        assertThat(balance(api, "tenantId=user_eve")).isEqualTo(20);
    }

    @Test
    void badInputIs422And404AndChangesNothing() {
        Http api = workspace();
        String group = creditsGroup(api, Map.of("kind", "free_period", "amount", 1, "unit", "months",
                "recipient", "referred"));
        Http.Response bad = api.put("/groups/" + group + "/credit-reward", Map.of("kind", "cash", "amount", 1,
                "unit", "credits"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("kind");
        assertThat(api.put("/groups/" + group + "/credit-reward", Map.of("kind", "free_period", "amount", 1,
                "unit", "credits")).status()).isEqualTo(422);
        assertThat(api.put("/groups/" + group + "/credit-reward", Map.of("kind", "credit", "amount", 5,
                "unit", "credits", "trigger", "sometimes")).status()).isEqualTo(422);
        assertThat(ok(api.get("/groups/" + group + "/credit-reward")).get("unit").asText()).isEqualTo("months");
        assertThat(api.get("/groups/nope/credit-reward").status()).isEqualTo(404);
        assertThat(api.get("/credits?tenantId=nobody").status()).isEqualTo(404);
        assertThat(api.get("/credits").status()).isEqualTo(422);
        assertThat(api.get("/referrals?status=maybe").status()).isEqualTo(422);
        assertThat(api.post("/track/click", Map.of("ref", "NOSUCHCODE")).status()).isEqualTo(404);
        // Another workspace's partner is a 404.
        JsonNode p = ok(api.post("/partners", Map.of("name", "Zed", "email", "zed@example.com")));
        assertThat(workspace().get("/partners/" + p.get("id").asText() + "/referral-code").status()).isEqualTo(404);
        // Vanity codes: case-insensitive, unique (409).
        assertThat(ok(api.put("/partners/" + p.get("id").asText() + "/referral-code", Map.of("code", "zed-vip")))
                .get("referralCode").asText()).isEqualTo("ZED-VIP");
        JsonNode q = ok(api.post("/partners", Map.of("name", "Quinn", "email", "quinn@example.com")));
        assertThat(api.put("/partners/" + q.get("id").asText() + "/referral-code", Map.of("code", "ZED-vip"))
                .status()).isEqualTo(409);
        assertThat(ok(api.get("/partners/" + p.get("id").asText())).get("referralCode").asText()).isEqualTo("ZED-VIP");
    }

    @Test
    void aBurstOfSignupsFromOneIpOnOneCodeIsRejected() {
        Http api = workspace();
        String group = creditsGroup(api, Map.of("kind", "credit", "amount", 100, "unit", "credits", "trigger", "lead"));
        ok(api.put("/referrals/settings", Map.of("burstLimit", 2, "paramName", "via")));
        JsonNode p = ok(api.post("/partners", Map.of("name", "Mal", "email", "mal@example.com", "tenantId", "u_mal",
                "groupId", group)));
        assertThat(p.get("referralLink").asText()).contains("/signup?via=");
        String code = p.get("referralCode").asText();
        for (int i = 0; i < 3; i++) {
            // One browser: the repeat-click window would give one click id, so vary the User-Agent version.
            String clickId = ok(api.send("POST", "/track/click", Map.of("via", code),
                    Map.of("User-Agent", UserAgents.CHROME_MAC + " r" + i, "X-Forwarded-For", "81.2.69.160")))
                    .get("clickId").asText();
            ok(api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                    "customerExternalId", "burst-" + i, "customerEmail", "b" + i + "@example.org")));
        }
        JsonNode rejected = referrals(api, "status=rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("reason").asText()).isEqualTo("burst");
        assertThat(balance(api, "tenantId=u_mal")).isEqualTo(200); // trigger lead: two rewarded signups
    }
}
