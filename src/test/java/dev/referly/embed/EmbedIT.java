package dev.referly.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The embedded referral dashboard: tokens (by partnerId, tenantId or a new partner; expiry,
 * revocation, the per-token rate limit) and the page's content for a cash program and a
 * credits-only program, with the link form inside the group's limit.
 */
class EmbedIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** A cash program: 30% of sales (with a markdown tooltip), $5 a lead, 20% off for 3 months, 2 links at most. */
    record Program(Http api, String group, JsonNode partner) {
        String partnerId() {
            return partner.get("id").asText();
        }
    }

    static Program cashProgram() {
        Http api = api().withKey(server.app().workspaces().create("Embed " + SEQ.incrementAndGet()).apiKey());
        ok(api.patch("/program", Map.of("url", "https://shop.example")));
        String group = ok(api.post("/groups", Map.of("name", "Creators", "slug", "creators", "maxPartnerLinks", 2)))
                .get("id").asText();
        ok(api.put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 30,
                "maxDuration", 12, "tooltipDescription", "Paid **monthly**. <script>alert(1)</script> [Terms](javascript:alert(2))")));
        ok(api.put("/groups/" + group + "/rewards/lead", Map.of("type", "flat", "amountInCents", 500)));
        ok(api.put("/groups/" + group + "/discount", Map.of("type", "percentage", "amount", 20, "maxDuration", 3)));
        JsonNode partner = ok(api.post("/partners", Map.of("name", "Alex Doe", "email", "alex@partners.example",
                "tenantId", "user_alex", "groupId", group)));
        return new Program(api, group, partner);
    }

    static String token(Http api, Map<String, Object> body) {
        return ok(api.post("/tokens/embed/referrals", body)).get("publicToken").asText();
    }

    static Http.Response page(String token, String options) {
        return server.visitor().get("/embed/referrals?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + options);
    }

    @Test
    void tokensForAPartnerATenantOrANewPartner() {
        Program p = cashProgram();
        JsonNode t = ok(p.api().post("/tokens/embed/referrals", Map.of("partnerId", p.partnerId())));
        assertThat(t.get("publicToken").asText()).startsWith("embed_");
        assertThat(Instant.parse(t.get("expires").asText()))
                .isEqualTo(server.clock().instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(page(t.get("publicToken").asText(), "").body()).contains("Alex Doe");
        assertThat(page(token(p.api(), Map.of("tenantId", "user_alex")), "").body()).contains("Alex Doe");
        // A partner to create (or find by tenantId): Dub's {partner: {...}}.
        Map<String, Object> fresh = Map.of("name", "Sam Lee", "email", "sam@partners.example", "tenantId", "user_sam",
                "groupId", p.group());
        Http.Response created = p.api().post("/tokens/embed/referrals", Map.of("partner", fresh));
        assertThat(created.status()).isEqualTo(201);
        assertThat(page(created.json().get("publicToken").asText(), "").body()).contains("Sam Lee");
        JsonNode sam = ok(p.api().get("/partners?tenantId=user_sam"));
        assertThat(sam).hasSize(1);
        assertThat(created.json().get("partnerId").asText()).isEqualTo(sam.get(0).get("id").asText());
        // Another workspace's partner, nobody, bad input: refused; nothing is stored.
        assertThat(server.otherApi().post("/tokens/embed/referrals", Map.of("partnerId", p.partnerId())).status())
                .isEqualTo(404);
        assertThat(p.api().post("/tokens/embed/referrals", Map.of("partnerId", "pn_nobody")).status()).isEqualTo(404);
        assertThat(p.api().post("/tokens/embed/referrals", Map.of()).status()).isEqualTo(422);
        assertThat(p.api().post("/tokens/embed/referrals", Map.of("partner", "alex")).status()).isEqualTo(422);
        assertThat(server.visitor().post("/tokens/embed/referrals", Map.of("partnerId", p.partnerId())).status())
                .isEqualTo(401);
        // A banned partner gets no dashboard.
        ok(p.api().post("/partners/ban", Map.of("partnerId", sam.get(0).get("id").asText(), "reason", "spam")));
        assertThat(p.api().post("/tokens/embed/referrals", Map.of("tenantId", "user_sam")).status()).isEqualTo(422);
    }

    @Test
    void tokensExpireAfterTwoHours() {
        Program p = cashProgram();
        String token = token(p.api(), Map.of("partnerId", p.partnerId()));
        server.clock().advance(Duration.ofHours(2).minusSeconds(1));
        assertThat(page(token, "").status()).isEqualTo(200);
        server.clock().advance(Duration.ofSeconds(1));
        Http.Response expired = page(token, "");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).contains("expired").doesNotContain("Alex Doe");
        assertThat(page("embed_forged", "").status()).isEqualTo(401);
        assertThat(server.visitor().get("/embed/referrals").status()).isEqualTo(401);
    }

    @Test
    void tokensCanBeRevoked() {
        Program p = cashProgram();
        JsonNode t = ok(p.api().post("/tokens/embed/referrals", Map.of("partnerId", p.partnerId())));
        String token = t.get("publicToken").asText();
        String other = token(p.api(), Map.of("partnerId", p.partnerId()));
        assertThat(server.otherApi().delete("/tokens/embed/referrals/" + t.get("id").asText()).status()).isEqualTo(404);
        assertThat(page(token, "").status()).isEqualTo(200);
        ok(p.api().delete("/tokens/embed/referrals/" + t.get("id").asText()));
        assertThat(page(token, "").status()).isEqualTo(401);
        assertThat(page(other, "").status()).isEqualTo(200);
        assertThat(p.api().delete("/tokens/embed/referrals/" + t.get("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void eachTokenGetsSixtyRequestsAMinute() {
        Program p = cashProgram();
        // Start at the top of a minute so the test's requests share one.
        long now = server.clock().millis();
        server.clock().advance(Duration.ofMillis(60_000 - now % 60_000));
        String token = token(p.api(), Map.of("partnerId", p.partnerId()));
        String other = token(p.api(), Map.of("partnerId", p.partnerId()));
        for (int i = 0; i < EmbedTokens.REQUESTS_PER_MINUTE; i++) {
            assertThat(page(token, "").status()).as("request " + (i + 1)).isEqualTo(200);
        }
        server.clock().advance(Duration.ofSeconds(15));
        Http.Response limited = page(token, "");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("45");
        // The form counts too, and other tokens are not affected.
        assertThat(server.visitor().send("POST", "/embed/referrals/links", "token=" + token + "&url=https%3A%2F%2Fshop.example%2Fx",
                Map.of("Content-Type", "application/x-www-form-urlencoded")).status()).isEqualTo(429);
        assertThat(page(other, "").status()).isEqualTo(200);
        server.clock().advance(Duration.ofSeconds(45));
        assertThat(page(token, "").status()).isEqualTo(200);
        assertThat(ok(p.api().get("/partners/links?partnerId=" + p.partnerId()))).hasSize(1);
    }

    @Test
    void thePageShowsTheProgramAndThePartnersResults() {
        Program p = cashProgram();
        String key = p.partner().get("links").get(0).get("key").asText();
        String clickId = null;
        for (int i = 0; i < 3; i++) {
            String location = server.visitor().send("GET", "/" + key, null, Map.of("User-Agent", UserAgents.CHROME_MAC,
                    "X-Forwarded-For", "81.2.69." + (140 + i))).header("Location");
            clickId = location.replaceAll(".*dub_id=", "");
        }
        ok(p.api().post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", "cus_embed_1", "customerEmail", "friend@example.org")));
        ok(p.api().post("/track/sale", Map.of("customerExternalId", "cus_embed_1", "amount", 10000,
                "paymentProcessor", "stripe", "invoiceId", "in_embed_1")));
        String token = token(p.api(), Map.of("partnerId", p.partnerId()));
        Http.Response r = page(token, "&theme=dark&accentColor=%23ff5a1f");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Frame-Options")).isNull();
        assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors *");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        String html = r.body();
        assertThat(html).contains(p.partner().get("referralLink").asText())
                .contains(p.partner().get("referralCode").asText())
                .contains(">Copy</button>")
                .contains("30% of every sale for 12 months")
                .contains("$5.00")
                .contains("20% off for 3 months")
                .contains("Paid <strong>monthly</strong>.")
                .doesNotContain("<script>alert(1)")
                .doesNotContain("javascript:alert")
                .contains("--accent:#ff5a1f").contains("color-scheme:dark");
        assertThat(html).contains("<dd id=\"stat-clicks\">3</dd>").contains("<dd id=\"stat-leads\">1</dd>")
                .contains("<dd id=\"stat-sales\">1</dd>").contains("<dd id=\"stat-earnings\">$35.00</dd>");
        assertThat(html).contains("<svg class=\"chart\"").contains("3 clicks, 1 sign-ups, 1 sales");
        // 30% of $100 and $5, both still pending (the group holds them), shown by status.
        JsonNode commissions = ok(p.api().get("/commissions?partnerId=" + p.partnerId()));
        String status = commissions.get(0).get("status").asText();
        assertThat(html).contains("id=\"earn-" + status + "\">$35.00<");
        assertThat(html).contains("Earnings by status").doesNotContain("Your credits");
        assertThat(html).contains("Recent referrals");
    }

    @Test
    void thePartnerCreatesLinksWithinTheGroupsLimit() {
        Program p = cashProgram();
        String token = token(p.api(), Map.of("partnerId", p.partnerId()));
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        Http.Response made = server.visitor().send("POST", "/embed/referrals/links", "token=" + token
                + "&url=https%3A%2F%2Fshop.example%2Fpricing&key=alex-pricing&theme=dark", form);
        assertThat(made.status()).as(made.toString()).isEqualTo(303);
        assertThat(made.header("Location")).startsWith("/embed/referrals?token=" + token).contains("theme=dark")
                .endsWith("&created=1");
        String html = page(token, "&created=1").body();
        assertThat(html).contains("/alex-pricing").contains("https://shop.example/pricing").contains("Your new link is ready.")
                .contains("You have all 2 links");
        assertThat(ok(p.api().get("/partners/links?partnerId=" + p.partnerId()))).hasSize(2);
        // The limit holds (403), with the reason on the page; nothing is created.
        Http.Response over = server.visitor().send("POST", "/embed/referrals/links", "token=" + token
                + "&url=https%3A%2F%2Fshop.example%2Fmore", form);
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.body()).contains("role=\"alert\"");
        assertThat(ok(p.api().get("/partners/links?partnerId=" + p.partnerId()))).hasSize(2);
        // A bad URL is the partner's mistake, shown on the page.
        Program q = cashProgram();
        String t2 = token(q.api(), Map.of("partnerId", q.partnerId()));
        Http.Response bad = server.visitor().send("POST", "/embed/referrals/links", "token=" + t2 + "&url=notaurl", form);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("url:");
    }

    @Test
    void aCreditsProgramShowsCreditsNotCash() {
        Http api = api().withKey(server.app().workspaces().create("Credits " + SEQ.incrementAndGet()).apiKey());
        ok(api.patch("/program", Map.of("url", "https://app.example")));
        String group = ok(api.post("/groups", Map.of("name", "Users", "slug", "users"))).get("id").asText();
        ok(api.put("/groups/" + group + "/credit-reward", new HashMap<>(Map.of("kind", "free_period", "amount", 1,
                "unit", "months", "recipient", "both", "trigger", "first_sale"))));
        JsonNode alice = ok(api.post("/partners", Map.of("name", "Alice", "email", "alice@users.example",
                "tenantId", "user_alice", "groupId", group)));
        String code = alice.get("referralCode").asText();
        String clickId = ok(api.send("POST", "/track/click", Map.of("ref", code),
                Map.of("User-Agent", UserAgents.CHROME_MAC, "X-Forwarded-For", "81.2.69.160"))).get("clickId").asText();
        ok(api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up", "customerExternalId", "user_bob")));
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_bob", "amount", 1200, "paymentProcessor", "stripe",
                "invoiceId", "in_bob_1")));
        String html = page(token(api, Map.of("tenantId", "user_alice")), "").body();
        assertThat(html).contains("1 free month for you and your friend when a friend makes a first payment")
                .contains("id=\"credit-months\">1 free month<")
                .doesNotContain("Earnings by status").doesNotContain("stat-earnings").doesNotContain("$");
        assertThat(html).contains("class=\"referral\"").contains("Rewarded");
        assertThat(List.of(html.split("class=\"referral\"")).size() - 1).isEqualTo(1);
    }
}
