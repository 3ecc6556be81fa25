package dev.referly.embed;

import static dev.referly.commissions.ProgramFixture.percent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.ProgramFixture;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a publishable key may do, since anyone can copy it from a page: read no personal data,
 * report sales only when the workspace set a ceiling on the key, below it, with the commission
 * held for review; and only from the exact origins (scheme, host, port) allowed, preflight too.
 */
class PublishableKeyRulesIT extends ServerPerStore {
    static final Map<String, String> SHOP = Map.of("Origin", "https://shop.example");

    static String key(Http api, List<String> hosts, Long maxSaleAmount) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("allowedHostnames", hosts));
        if (maxSaleAmount != null) {
            body.put("maxSaleAmount", maxSaleAmount);
        }
        Http.Response r = api.post("/publishable-keys", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    @Test
    void aPublishableKeyReadsNoPersonalData() {
        ProgramFixture f = ProgramFixture.create(server);
        String partner = f.partner(f.defaultGroupId, "pat@partners.example");
        String click = f.click(f.partnerLink(partner), null);
        Http.Response secret = f.api.post("/track/lead", Map.of("clickId", click, "eventName", "Sign up",
                "customerExternalId", "cus_known", "customerName", "Jane Roe", "customerEmail", "jane@roe.example",
                "customerAvatar", "https://img.example/jane.png"));
        assertThat(secret.json().at("/customer/email").asText()).isEqualTo("jane@roe.example");
        Http pk = f.api.withKey(key(f.api, List.of("shop.example"), 100_00L));
        Http.Response lead = pk.send("POST", "/track/lead", Map.of("clickId", click, "eventName", "Sign up",
                "customerExternalId", "cus_known"), SHOP);
        assertThat(lead.status()).as(lead.toString()).isEqualTo(200);
        assertThat(lead.body()).doesNotContain("Jane").doesNotContain("jane@roe.example").doesNotContain("img.example");
        assertThat(lead.json().at("/customer/externalId").asText()).isEqualTo("cus_known");
        Http.Response sale = pk.send("POST", "/track/sale", Map.of("customerExternalId", "cus_known", "amount", 50_00),
                SHOP);
        assertThat(sale.status()).as(sale.toString()).isEqualTo(200);
        assertThat(sale.body()).doesNotContain("Jane").doesNotContain("jane@roe.example");
    }

    @Test
    void browserSalesAreOffUnlessTheKeySetsACeilingAndTheirCommissionsAreHeld() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "sam@partners.example");
        String click = f.click(f.partnerLink(partner), null);
        f.lead(click, "cus_browser", "buyer@shop.dev", "Sign up");
        Http noSales = f.api.withKey(key(f.api, List.of("shop.example"), null));
        Http.Response refused = noSales.send("POST", "/track/sale", Map.of("customerExternalId", "cus_browser",
                "amount", 1_000_000_000_00L), SHOP);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        Http bounded = f.api.withKey(key(f.api, List.of("shop.example"), 500_00L));
        Http.Response tooBig = bounded.send("POST", "/track/sale", Map.of("customerExternalId", "cus_browser",
                "amount", 500_01), SHOP);
        assertThat(tooBig.status()).as(tooBig.toString()).isEqualTo(422);
        assertThat(tooBig.body()).contains("amount");
        assertThat(f.commissions("type=sale")).isEmpty();
        Http.Response ok = bounded.send("POST", "/track/sale", Map.of("customerExternalId", "cus_browser",
                "amount", 500_00), SHOP);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        JsonNode commissions = f.commissions("type=sale");
        assertThat(commissions).hasSize(1);
        assertThat(commissions.get(0).get("status").asText()).isEqualTo("hold");
        assertThat(commissions.get(0).get("holdReason").asText()).contains("client_side_sale");
        // A sale reported by the server with the secret key is not held.
        f.sale("cus_browser", 500_00, "inv_server_1", null);
        assertThat(f.commissions("type=sale&status=pending")).hasSize(1);
        // Out-of-range ceilings are refused when the key is created.
        assertThat(f.api.post("/publishable-keys", Map.of("allowedHostnames", List.of("shop.example"),
                "maxSaleAmount", 0)).status()).isEqualTo(422);
        assertThat(f.api.post("/publishable-keys", Map.of("allowedHostnames", List.of("shop.example"),
                "maxSaleAmount", "lots")).status()).isEqualTo(422);
    }

    @Test
    void allowedOriginsRespectSchemeAndPort() {
        ProgramFixture f = ProgramFixture.create(server);
        String partner = f.partner(f.defaultGroupId, "kim@partners.example");
        String code = f.api.get("/partners/" + partner).json().get("referralCode").asText();
        Http pk = f.api.withKey(key(f.api, List.of("shop.example", "*.acme.test", "http://localhost:3000",
                "https://staging.example:8443"), null));
        Map<String, Object> body = Map.of("via", code);
        assertThat(status(pk, body, "https://shop.example")).isEqualTo(200);
        assertThat(status(pk, body, "https://shop.example:443")).isEqualTo(200);
        assertThat(status(pk, body, "http://shop.example")).isEqualTo(403);
        assertThat(status(pk, body, "https://shop.example:8443")).isEqualTo(403);
        assertThat(status(pk, body, "https://www.acme.test")).isEqualTo(200);
        assertThat(status(pk, body, "http://www.acme.test")).isEqualTo(403);
        assertThat(status(pk, body, "http://localhost:3000")).isEqualTo(200);
        assertThat(status(pk, body, "http://localhost:3001")).isEqualTo(403);
        assertThat(status(pk, body, "https://localhost:3000")).isEqualTo(403);
        assertThat(status(pk, body, "https://staging.example:8443")).isEqualTo(200);
        assertThat(status(pk, body, "https://staging.example")).isEqualTo(403);
        assertThat(status(pk, body, "null")).isEqualTo(403);
        assertThat(f.api.post("/publishable-keys", Map.of("allowedHostnames", List.of("ftp://shop.example"))).status())
                .isEqualTo(422);
        assertThat(f.api.post("/publishable-keys", Map.of("allowedHostnames", List.of("https://shop.example/path")))
                .status()).isEqualTo(422);
    }

    static int status(Http pk, Map<String, Object> body, String origin) {
        return pk.send("POST", "/track/click", body, Map.of("Origin", origin)).status();
    }

    @Test
    void thePreflightAnswersOnlyAllowedOrigins() {
        ProgramFixture f = ProgramFixture.create(server);
        key(f.api, List.of("preflight.example"), null);
        Http.Response allowed = preflight("https://preflight.example");
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://preflight.example");
        for (String origin : new String[] {"https://evil.example", "http://preflight.example",
                "https://preflight.example:8443", "null"}) {
            Http.Response refused = preflight(origin);
            assertThat(refused.status()).as(origin).isEqualTo(403);
            assertThat(refused.header("Access-Control-Allow-Origin")).as(origin).isNull();
        }
        assertThat(server.visitor().send("OPTIONS", "/track/lead", null, Map.of()).status()).isEqualTo(403);
    }

    static Http.Response preflight(String origin) {
        return server.visitor().send("OPTIONS", "/track/lead", null, Map.of("Origin", origin,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"));
    }
}
