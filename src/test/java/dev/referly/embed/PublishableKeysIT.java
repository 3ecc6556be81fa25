package dev.referly.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishable keys: managed with a secret key, scoped to their workspace, usable only on the
 * /track endpoints and only from pages on their allowed hostnames (with CORS); plus the script
 * route and the server-set attribution cookie of a tracking domain.
 */
class PublishableKeysIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** A workspace with a program, a partner (with a referral code) and a publishable key. */
    record Shop(Http api, String key, String keyId, String code, String partnerId) {}

    static Shop shop() {
        Http api = api().withKey(server.app().workspaces().create("Shop " + SEQ.incrementAndGet()).apiKey());
        ok(api.patch("/program", Map.of("url", "https://shop.example")));
        JsonNode partner = ok(api.post("/partners", Map.of("name", "Alex Doe", "email", "alex@partners.example")));
        JsonNode key = ok(api.post("/publishable-keys", Map.of("name", "Website",
                "allowedHostnames", List.of("shop.example", "*.acme.test"))));
        return new Shop(api, key.get("key").asText(), key.get("id").asText(), partner.get("referralCode").asText(),
                partner.get("id").asText());
    }

    static Http.Response click(Shop s, String key, String origin) {
        Map<String, String> headers = origin == null ? Map.of("User-Agent", UserAgents.CHROME_MAC)
                : Map.of("User-Agent", UserAgents.CHROME_MAC, "Origin", origin);
        return api().withKey(key).send("POST", "/track/click", Map.of("via", s.code()), headers);
    }

    @Test
    void keysAreCreatedListedAndRevokedPerWorkspace() {
        Shop s = shop();
        assertThat(s.key()).startsWith("rly_pk_");
        JsonNode list = ok(s.api().get("/publishable-keys"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("allowedHostnames").toString()).isEqualTo("[\"shop.example\",\"*.acme.test\"]");
        assertThat(list.get(0).has("key")).isFalse();
        assertThat(list.get(0).get("partialKey").asText()).startsWith("rly_pk_").doesNotContain(s.key().substring(12));
        // Another workspace sees nothing and cannot revoke it.
        assertThat(server.otherApi().get("/publishable-keys").json()).isEmpty();
        assertThat(server.otherApi().delete("/publishable-keys/" + s.keyId()).status()).isEqualTo(404);
        assertThat(click(s, s.key(), "https://shop.example").status()).isEqualTo(200);

        ok(s.api().delete("/publishable-keys/" + s.keyId()));
        assertThat(click(s, s.key(), "https://shop.example").status()).isEqualTo(401);
        assertThat(s.api().get("/publishable-keys").json()).isEmpty();
        assertThat(s.api().delete("/publishable-keys/" + s.keyId()).status()).isEqualTo(404);
    }

    @Test
    void badHostnamesAreRefused() {
        Http api = api();
        assertThat(api.post("/publishable-keys", Map.of("allowedHostnames", List.of())).status()).isEqualTo(422);
        assertThat(api.post("/publishable-keys", Map.of("allowedHostnames", List.of("https://x.example/"))).body())
                .contains("allowedHostnames");
        assertThat(api.post("/publishable-keys", Map.of("name", "no list")).status()).isEqualTo(422);
        assertThat(api.get("/publishable-keys").json()).isEmpty();
    }

    @Test
    void trackClickFromAnAllowedPageAnswersWithCors() {
        Shop s = shop();
        Http.Response r = click(s, s.key(), "https://shop.example");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(r.json().get("clickId").asText()).isNotBlank();
        assertThat(r.json().get("partner").get("id").asText()).isEqualTo(s.partnerId());
        assertThat(r.json().get("partner").get("name").asText()).isEqualTo("Alex Doe");
        // Wildcards cover subdomains and the domain itself, on https and its port only.
        assertThat(click(s, s.key(), "https://www.acme.test").status()).isEqualTo(200);
        assertThat(click(s, s.key(), "https://acme.test").status()).isEqualTo(200);
        assertThat(click(s, s.key(), "http://acme.test:8080").status()).isEqualTo(403);
        // Other pages, no origin at all, a look-alike host: refused, without CORS.
        Http.Response evil = click(s, s.key(), "https://evil.example");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        assertThat(click(s, s.key(), null).status()).isEqualTo(403);
        assertThat(click(s, s.key(), "https://shop.example.evil.test").status()).isEqualTo(403);
        assertThat(click(s, s.key(), "https://notacme.test").status()).isEqualTo(403);
        assertThat(click(s, "rly_pk_forged", "https://shop.example").status()).isEqualTo(401);
        // A Referer names the page when a browser sends no Origin.
        assertThat(api().withKey(s.key()).send("POST", "/track/click", Map.of("via", s.code()),
                Map.of("Referer", "https://shop.example/pricing?via=" + s.code())).status()).isEqualTo(200);
    }

    @Test
    void theKeyIsScopedToItsWorkspace() {
        Shop s = shop();
        Shop other = shop();
        // The code belongs to another workspace: the key's workspace does not know it.
        assertThat(click(other, s.key(), "https://shop.example").status()).isEqualTo(404);
        assertThat(click(other, other.key(), "https://shop.example").status()).isEqualTo(200);
    }

    @Test
    void thePreflightIsAnswered() {
        shop();
        Http.Response r = server.visitor().send("OPTIONS", "/track/click", null, Map.of("Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(server.visitor().send("OPTIONS", "/track/lead", null, Map.of("Origin", "https://a.example"))
                .status()).isEqualTo(403);
    }

    @Test
    void publishableKeysAreRefusedEverywhereElse() {
        Shop s = shop();
        Http pk = api().withKey(s.key());
        Map<String, String> origin = Map.of("Origin", "https://shop.example");
        assertThat(pk.send("GET", "/links", null, origin).status()).isEqualTo(401);
        assertThat(pk.send("POST", "/links", Map.of("url", "https://shop.example/x"), origin).status()).isEqualTo(401);
        assertThat(pk.send("GET", "/publishable-keys", null, origin).status()).isEqualTo(401);
        assertThat(pk.send("POST", "/publishable-keys", Map.of("allowedHostnames", List.of("x.example")), origin)
                .status()).isEqualTo(401);
        assertThat(pk.send("GET", "/partners", null, origin).status()).isEqualTo(401);
        assertThat(pk.send("GET", "/commissions", null, origin).status()).isEqualTo(401);
        assertThat(pk.send("POST", "/tokens/embed/referrals", Map.of("partnerId", s.partnerId()), origin).status())
                .isEqualTo(401);
        assertThat(s.api().get("/links").json()).hasSize(1); // only the partner's link
    }

    @Test
    void leadsAndSalesFromTheBrowser() {
        Shop s = shop();
        Map<String, String> origin = Map.of("Origin", "https://app.acme.test");
        String clickId = click(s, s.key(), "https://shop.example").json().get("clickId").asText();
        Http pk = api().withKey(s.key());
        Http.Response lead = pk.send("POST", "/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", "cus_browser_1"), origin);
        assertThat(lead.status()).as(lead.toString()).isEqualTo(200);
        assertThat(lead.header("Access-Control-Allow-Origin")).isEqualTo("https://app.acme.test");
        // The key sets no maxSaleAmount: sales are reported by the server (see PublishableKeyRulesIT).
        Http.Response sale = pk.send("POST", "/track/sale", Map.of("customerExternalId", "cus_browser_1",
                "amount", 4900, "paymentProcessor", "custom"), origin);
        assertThat(sale.status()).as(sale.toString()).isEqualTo(403);
        assertThat(pk.send("POST", "/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", "cus_browser_2"), Map.of("Origin", "https://evil.example")).status()).isEqualTo(403);
        JsonNode customers = ok(s.api().get("/customers"));
        assertThat(customers.toString()).contains("cus_browser_1").doesNotContain("cus_browser_2");
    }

    @Test
    void theScriptIsServed() throws Exception {
        Http.Response r = server.visitor().get("/_/script.js");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/javascript");
        assertThat(r.body()).isEqualTo(new String(AttributionScriptTest.script(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aTrackingDomainSetsTheCookieInTheRedirect() {
        String key = "cookie-" + store.name().toLowerCase();
        ok(api().post("/links", Map.of("url", "https://shop.example/landing", "key", key, "trackConversion", true)));
        try (TestServer tracking = server.sibling(c -> c.withCookieDomains(List.of("localhost=acme.test")))) {
            Http.Response r = tracking.visitor().send("GET", "/" + key, null, Map.of("User-Agent", UserAgents.CHROME_MAC));
            assertThat(r.status()).isEqualTo(302);
            String clickId = r.header("Location").replaceAll(".*dub_id=", "");
            assertThat(r.header("Set-Cookie")).isEqualTo("dub_id=" + clickId
                    + "; Domain=acme.test; Path=/; Max-Age=7776000; SameSite=Lax");
            Http.Response secure = tracking.visitor().send("GET", "/" + key, null,
                    Map.of("User-Agent", UserAgents.SAFARI_IPHONE, "X-Forwarded-Proto", "https"));
            assertThat(secure.header("Set-Cookie")).endsWith("; Secure");
            // Another host of the same process, and the server without the setting: no cookie.
            Http.Response otherHost = tracking.visitor().at("http://127.0.0.1:" + tracking.port())
                    .send("GET", "/" + key, null, Map.of("User-Agent", UserAgents.CHROME_MAC));
            assertThat(otherHost.status()).isEqualTo(302);
            assertThat(otherHost.header("Set-Cookie")).isNull();
        }
        Http.Response plain = server.visitor().send("GET", "/" + key, null, Map.of("User-Agent", UserAgents.CHROME_MAC));
        assertThat(plain.status()).isEqualTo(302);
        assertThat(plain.header("Set-Cookie")).isNull();
    }
}
