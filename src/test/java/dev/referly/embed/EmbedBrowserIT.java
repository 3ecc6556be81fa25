package dev.referly.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Accessibility;
import dev.referly.testing.Chromium;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded referral dashboard in headless Chromium: inside an iframe on the company's app
 * (another origin), and on its own to read it: the partner's link and code with a working copy
 * button, stats, earnings, credits, the link form, dark mode and phone width, with basic
 * accessibility checks and screenshots into target/screenshots/.
 */
class EmbedBrowserIT extends ServerPerStore {
    static final Duration WAIT = Duration.ofSeconds(20);

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** The URLs of the page's frames: same-process ones from the frame tree, others (site isolation) as targets. */
    static java.util.List<String> frameUrls(Chromium c) {
        java.util.List<String> urls = new java.util.ArrayList<>();
        JsonNode children = c.call("Page.getFrameTree", Map.of()).get("frameTree").get("childFrames");
        if (children != null) {
            children.forEach(f -> urls.add(f.get("frame").get("url").asText()));
        }
        c.call("Target.getTargets", Map.of()).get("targetInfos").forEach(t -> {
            if (t.get("type").asText().equals("iframe")) {
                urls.add(t.get("url").asText());
            }
        });
        return urls;
    }

    Path shots() {
        return Path.of("target/screenshots", store.name().toLowerCase());
    }

    @Test
    void aPartnerSeesTheirLinkStatsAndCredits() throws Exception {
        Http api = api().withKey(server.app().workspaces().create("Embed browser").apiKey());
        ok(api.patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api.post("/groups", Map.of("name", "Customers", "slug", "customers", "maxPartnerLinks", 3)))
                .get("id").asText();
        ok(api.put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 20,
                "tooltipDescription", "Paid **monthly**, on sales in the first year.")));
        ok(api.put("/groups/" + group + "/discount", Map.of("type", "percentage", "amount", 15, "maxDuration", 0)));
        ok(api.put("/groups/" + group + "/credit-reward", new HashMap<>(Map.of("kind", "free_period", "amount", 1,
                "unit", "months", "recipient", "referrer", "trigger", "first_sale"))));
        JsonNode alex = ok(api.post("/partners", Map.of("name", "Alex Doe", "email", "alex@acme-users.example",
                "tenantId", "user_alex", "groupId", group)));
        String code = alex.get("referralCode").asText();
        for (int i = 0; i < 4; i++) {
            String clickId = ok(api.send("POST", "/track/click", Map.of("ref", code),
                    Map.of("User-Agent", UserAgents.CHROME_MAC, "X-Forwarded-For", "81.2.69." + (150 + i)))).get("clickId").asText();
            if (i < 2) {
                ok(api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                        "customerExternalId", "user_friend_" + i)));
            }
        }
        ok(api.post("/track/sale", Map.of("customerExternalId", "user_friend_0", "amount", 5000,
                "paymentProcessor", "stripe", "invoiceId", "in_browser_1")));
        String token = ok(api.post("/tokens/embed/referrals", Map.of("tenantId", "user_alex"))).get("publicToken").asText();
        String embed = "http://localhost:" + server.port() + "/embed/referrals?token=" + token;

        String host = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app: refer a friend</title></head>
                <body style="font-family:sans-serif;background:#eef1f4;margin:0;padding:16px"><h1>Refer a friend</h1>
                <iframe id="referly" title="Your referrals" src="%s" style="width:100%%;height:1500px;border:0"></iframe>
                </body></html>""".formatted(embed);
        try (LandingSite app = new LandingSite(page -> page.equals("refer") ? host : null); Chromium c = Chromium.start()) {
            // Inside the company's app: the frame loads (framing allowed), not an error page.
            c.viewport(1100, 1600, false);
            c.open(app.base() + "/refer");
            assertThat(frameUrls(c)).contains(embed);
            c.screenshot(shots().resolve("embed-in-app.png"));

            // The page itself.
            c.open(embed);
            assertThat(c.text("document.getElementById('ref-link').value")).isEqualTo(alex.get("referralLink").asText());
            assertThat(c.text("document.getElementById('ref-code').value")).isEqualTo(code);
            assertThat(c.text("document.getElementById('stat-clicks').textContent")).isEqualTo("4");
            assertThat(c.text("document.getElementById('stat-leads').textContent")).isEqualTo("2");
            assertThat(c.text("document.getElementById('stat-sales').textContent")).isEqualTo("1");
            assertThat(c.text("document.getElementById('stat-earnings').textContent")).isEqualTo("$10.00");
            assertThat(c.text("document.getElementById('credit-months').textContent")).isEqualTo("1 free month");
            assertThat(c.text("document.body.innerText")).contains("20% of every sale")
                    .contains("15% off their first purchase").contains("1 free month for you when a friend makes a first payment");
            assertThat(c.eval("document.querySelectorAll('svg.chart rect.bar').length").asInt()).isEqualTo(30);
            assertThat(c.eval(Accessibility.PROBLEMS)).as("accessibility problems").isEmpty();
            // The tooltip opens from the keyboard-reachable summary.
            c.eval("document.querySelector('.tip summary').click(); true");
            assertThat(c.text("document.querySelector('.tip-body').innerText")).contains("Paid monthly");
            // Copy.
            c.eval("document.querySelector('[data-copy=ref-link]').click(); true");
            c.waitFor("document.querySelector('[data-copy=ref-link]').textContent === 'Copied'", WAIT);
            c.screenshot(shots().resolve("embed-referrals.png"));

            // A new link through the form.
            c.eval("document.getElementById('new-url').value = 'https://acme.example/pricing';"
                    + " document.getElementById('new-key').value = 'alex-pricing';"
                    + " document.querySelector('form.new-link').submit(); true");
            c.waitFor("document.readyState === 'complete' && document.body.innerText.includes('Your new link is ready.')", WAIT);
            assertThat(c.text("document.body.innerText")).contains("/alex-pricing").contains("2 of 3 links used");

            // Dark mode with the company's colour, and phone width.
            c.open(embed + "&theme=dark&accentColor=8b5cf6");
            assertThat(c.text("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(13, 17, 23)");
            c.screenshot(shots().resolve("embed-referrals-dark.png"));
            c.viewport(390, 844, true);
            c.open(embed);
            assertThat(c.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("no horizontal scrolling at phone width").isTrue();
            c.screenshot(shots().resolve("embed-referrals-phone.png"));
        }
    }
}
