package dev.referly.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Chromium;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attribution script in headless Chromium on a page of another origin: the dub_id cookie in
 * last- and first-click mode with its expiry, the ?via= / ?ref= flow through /track/click with a
 * publishable key (partner exposed, client-side lead), outbound decoration following SPA
 * navigation, and no errors when cookies are blocked.
 */
class AttributionScriptBrowserIT extends ServerPerStore {
    static final Duration WAIT = Duration.ofSeconds(20);

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    static void reset(Chromium c) {
        c.call("Network.clearBrowserCookies", Map.of());
    }

    static String cookie(Chromium c, String name) {
        return c.text("(document.cookie.match(/(?:^|; )" + name + "=([^;]*)/) || [])[1] || null");
    }

    /** Seconds from now until the named cookie of the landing site expires. */
    static double secondsLeft(Chromium c, String site, String name) {
        JsonNode cookies = c.call("Network.getCookies", Map.of("urls", List.of(site + "/"))).get("cookies");
        for (JsonNode k : cookies) {
            if (k.get("name").asText().equals(name)) {
                return k.get("expires").asDouble() - System.currentTimeMillis() / 1000.0;
            }
        }
        throw new AssertionError("No cookie " + name + " in " + cookies);
    }

    void noErrors(Chromium c) {
        assertThat(c.eval("window.errs")).as("script errors").isEmpty();
    }

    @Test
    void cookiesReferralParametersAndOutboundLinks() throws Exception {
        Http api = api().withKey(server.app().workspaces().create("Script shop").apiKey());
        ok(api.patch("/program", Map.of("url", "https://shop.example")));
        JsonNode alex = ok(api.post("/partners", Map.of("name", "Alex Doe", "email", "alex@partners.example")));
        String code = alex.get("referralCode").asText();
        String key = ok(api.post("/publishable-keys", Map.of("allowedHostnames", List.of("127.0.0.1")))).get("key").asText();
        String pk = "data-publishable-key=\"" + key + "\"";
        Map<String, String> pages = Map.of(
                "last", pk,
                "first", pk + " data-attribution-model=\"first-click\"",
                "days", pk + " data-cookie-options='{\"expiresInDays\":30}'",
                "custom", pk + " data-query-params='[\"partner\"]'",
                "out", pk + " data-domains='{\"outbound\":[\"app.localhost\"]}'");
        try (LandingSite site = new LandingSite("http://localhost:" + server.port(), pages); Chromium c = Chromium.start()) {
            String s = site.base();
            // Last click (the default): every new dub_id replaces the cookie, kept for 90 days.
            reset(c);
            c.open(s + "/last?dub_id=click_a");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_a");
            assertThat(secondsLeft(c, s, "dub_id")).isCloseTo(90 * 86400, within(300.0));
            c.open(s + "/last?dub_id=click_b");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_b");
            noErrors(c);
            // The redirect appends its own click id after any the visitor put in the link: the last one wins,
            // and a value that cannot be a click id is ignored.
            c.open(s + "/last?dub_id=ATTACKER&dub_id=click_real");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_real");
            c.open(s + "/last?dub_id=%3Cscript%3E");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_real");
            c.open(s + "/last?dub_id=click_b");
            // First click: an existing cookie is kept.
            c.open(s + "/first?dub_id=click_c");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_b");
            reset(c);
            c.open(s + "/first?dub_id=click_d");
            c.open(s + "/first?dub_id=click_e");
            assertThat(cookie(c, "dub_id")).isEqualTo("click_d");
            // A custom lifetime.
            reset(c);
            c.open(s + "/days?dub_id=click_f");
            assertThat(secondsLeft(c, s, "dub_id")).isCloseTo(30 * 86400, within(300.0));
            noErrors(c);

            // ?via=CODE: the script reports the click with the publishable key and keeps its id.
            reset(c);
            c.open(s + "/last?via=" + code);
            c.waitFor("document.cookie.includes('dub_id=')", WAIT);
            String clickId = cookie(c, "dub_id");
            assertThat(clickId).isNotBlank().doesNotContain(code);
            c.waitFor("document.getElementById('offer').textContent.includes('Alex Doe')", WAIT);
            assertThat(c.text("window.Referly.partner.id")).isEqualTo(alex.get("id").asText());
            assertThat(c.eval("'discount' in window.Referly").asBoolean()).isTrue();
            JsonNode partnerData = Http.JSON.readTree(c.text("decodeURIComponent(document.cookie.match(/dub_partner_data=([^;]*)/)[1])"));
            assertThat(partnerData.get("partner").get("name").asText()).isEqualTo("Alex Doe");
            assertThat(partnerData.get("clickId").asText()).isEqualTo(clickId);
            c.screenshot(Path.of("target/screenshots", store.name().toLowerCase(), "script-landing.png"));
            // The browser-side lead carries the cookie's click id.
            JsonNode lead = c.eval("window.Referly.trackLead({eventName: 'Sign up', customerExternalId: 'cus_script_1'})");
            assertThat(lead.get("click").get("id").asText()).isEqualTo(clickId);
            assertThat(ok(api.get("/customers")).toString()).contains("cus_script_1");
            noErrors(c);
            // ?ref= works the same, and so does a configured parameter.
            reset(c);
            c.open(s + "/last?ref=" + code);
            c.waitFor("document.cookie.includes('dub_id=')", WAIT);
            reset(c);
            c.open(s + "/custom?partner=" + code);
            c.waitFor("document.cookie.includes('dub_id=')", WAIT);
            // First click with a cookie already set: no new click replaces it.
            String kept = cookie(c, "dub_id");
            c.open(s + "/first?via=" + code);
            c.eval("new Promise(r => setTimeout(r, 500))");
            assertThat(cookie(c, "dub_id")).isEqualTo(kept);
            noErrors(c);

            // Outbound: links and iframes to app.localhost (and its subdomains) carry dub_id.
            reset(c);
            c.open(s + "/out?dub_id=click_g");
            c.waitFor("document.getElementById('app').href.includes('dub_id=click_g')", WAIT);
            assertThat(c.text("document.getElementById('app').href")).isEqualTo("http://app.localhost:1/signup?plan=pro&dub_id=click_g");
            assertThat(c.text("document.getElementById('deep').href")).contains("dub_id=click_g");
            assertThat(c.text("document.getElementById('frame').src")).contains("dub_id=click_g");
            assertThat(c.text("document.getElementById('other').href")).doesNotContain("dub_id");
            // An SPA navigation rendering new links: they are decorated too.
            c.eval("history.pushState({}, '', '/out/pricing'); const a = document.createElement('a'); a.id = 'spa';"
                    + " a.href = 'http://app.localhost:1/checkout'; a.textContent = 'Buy'; document.body.append(a); true");
            c.waitFor("document.getElementById('spa').href.includes('dub_id=click_g')", WAIT);
            noErrors(c);

            // Cookies blocked: no errors, the id lives in memory for the page's decoration.
            c.call("Emulation.setDocumentCookieDisabled", Map.of("disabled", true));
            try {
                c.open(s + "/out?dub_id=click_h");
                c.waitFor("document.getElementById('app').href.includes('dub_id=click_h')", WAIT);
                assertThat(c.text("window.Referly.clickId()")).isEqualTo("click_h");
                c.open(s + "/last?via=" + code);
                c.waitFor("document.getElementById('offer').textContent.includes('Alex Doe')", WAIT);
                noErrors(c);
            } finally {
                c.call("Emulation.setDocumentCookieDisabled", Map.of("disabled", false));
            }
        }
    }
}
