package dev.referly.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Accessibility;
import dev.referly.testing.Chromium;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium: signing in with the keyboard, the overview's funnel
 * against GET /analytics, a click arriving live on the events page, and editing a reward with
 * its preview. Every page is checked for labels and names, and photographed (desktop and phone
 * width) into target/screenshots/.
 */
class DashboardBrowserIT extends ServerPerStore {
    static final String PASSWORD = "correct horse battery";
    static final Duration WAIT = Duration.ofSeconds(20);

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 202);
        return r.json();
    }

    static String click(String key, String ip) {
        String location = server.visitor().send("GET", "/" + key, null,
                Map.of("X-Forwarded-For", ip, "User-Agent", UserAgents.CHROME_MAC)).header("Location");
        return location.replaceAll(".*dub_id=", "");
    }

    Path shots() {
        return Path.of("target/screenshots", store.name().toLowerCase());
    }

    void check(Chromium c, String page) throws Exception {
        JsonNode problems = c.eval(Accessibility.PROBLEMS);
        assertThat(problems).as("accessibility problems on " + page).isEmpty();
        c.screenshot(shots().resolve(page + ".png"));
    }

    @Test
    void signInFunnelLiveEventsAndRewardEditing() throws Exception {
        new Accounts(server.app().database().jdbi(), server.clock())
                .create(server.workspaceId(), "owner@acme.example", PASSWORD, Role.OWNER);
        ok(api().patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api().post("/groups", Map.of("name", "Gold", "slug", "gold-browser", "holdingPeriodDays", 0)))
                .get("id").asText();
        ok(api().put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 30)));
        ok(api().put("/groups/" + group + "/rewards/lead", Map.of("type", "flat", "amountInCents", 500)));
        String[] names = {"Alex Doe", "Sam Lee", "Kim Park"};
        String firstKey = null;
        for (int i = 0; i < names.length; i++) {
            JsonNode p = ok(api().post("/partners", Map.of("name", names[i], "email", "p" + i + "@partners.example",
                    "groupId", group)));
            String key = p.get("links").get(0).get("key").asText();
            firstKey = firstKey == null ? key : firstKey;
            for (int c = 0; c <= i * 2; c++) {
                String clickId = click(key, "81.2.69." + (140 + i * 10 + c));
                if (c <= i) {
                    ok(api().post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                            "customerExternalId", "b-" + i + "-" + c, "customerEmail", "c" + i + c + "@customer.example")));
                    if (c == 0) {
                        ok(api().post("/track/sale", Map.of("customerExternalId", "b-" + i + "-" + c,
                                "amount", 4_900 * (i + 1), "invoiceId", "b-inv-" + i)));
                    }
                }
            }
            server.clock().advance(Duration.ofHours(20));
        }
        String base = api().base();
        try (Chromium c = Chromium.start()) {
            // Sign in with the keyboard: type the email, Tab to the password, Enter submits.
            c.open(base + "/dashboard");
            assertThat(c.text("location.pathname")).isEqualTo("/dashboard/login");
            check(c, "login");
            c.eval("document.getElementById('email').focus()");
            c.type("owner@acme.example");
            c.press("Tab");
            assertThat(c.text("document.activeElement.id")).isEqualTo("password");
            c.type(PASSWORD);
            c.press("Enter");
            c.waitFor("location.pathname === '/dashboard' && document.readyState === 'complete'", WAIT);

            // The funnel on the page is GET /analytics's.
            c.open(base + "/dashboard?interval=30d");
            JsonNode api = ok(api().get("/analytics?event=composite&interval=30d"));
            assertThat(c.eval("+document.getElementById('funnel-clicks').dataset.value").asLong())
                    .isEqualTo(api.get("clicks").asLong()).isEqualTo(9);
            assertThat(c.eval("+document.getElementById('funnel-leads').dataset.value").asLong())
                    .isEqualTo(api.get("leads").asLong()).isEqualTo(6);
            assertThat(c.eval("+document.getElementById('funnel-sales').dataset.value").asLong())
                    .isEqualTo(api.get("sales").asLong()).isEqualTo(3);
            assertThat(c.eval("+document.getElementById('revenue').dataset.value").asLong())
                    .isEqualTo(api.get("saleAmount").asLong());
            assertThat(c.text("document.getElementById('funnel-clicks').textContent")).isEqualTo("9");
            check(c, "overview");
            c.viewport(390, 844, true);
            c.open(base + "/dashboard?interval=7d");
            assertThat(c.eval("document.documentElement.scrollWidth <= 390 + 1").asBoolean())
                    .as("no sideways scrolling at phone width").isTrue();
            c.screenshot(shots().resolve("overview-phone.png"));
            c.viewport(1280, 900, false);

            // A click made now appears on the events page without a reload.
            c.open(base + "/dashboard/events");
            c.waitFor("document.getElementById('stream-status').textContent === 'Live.'", WAIT);
            c.eval("window.__sameDocument = true");
            String live = click(firstKey, "81.2.69.200");
            c.waitFor("document.querySelector('#events tbody').textContent.includes('" + live + "')", WAIT);
            assertThat(c.eval("window.__sameDocument === true").asBoolean()).isTrue();
            check(c, "events");

            c.open(base + "/dashboard/partners");
            assertThat(c.text("document.querySelector('main table').textContent")).contains("Alex Doe", "Kim Park");
            check(c, "partners");

            // Edit the sale reward: the preview follows the typing, saving reaches the API.
            c.open(base + "/dashboard/groups");
            String form = "document.querySelector('form[action=\"/dashboard/groups/" + group + "/rewards/sale\"]')";
            c.eval("(() => { const f = " + form + "; f.querySelector('[name=amount]').focus(); f.querySelector('[name=amount]').select(); })()");
            c.type("25");
            c.eval("(() => { const f = " + form + "; f.querySelector('[name=maxDuration]').focus(); })()");
            c.type("12");
            c.waitFor(form + ".querySelector('.preview').textContent === '25% of every sale for 12 months'", WAIT);
            check(c, "groups");
            c.eval(form + ".querySelector('button[type=submit]').click()");
            c.waitFor("location.pathname === '/dashboard/groups' && document.querySelector('.notice')"
                    + " && document.querySelector('.notice').textContent.includes('25% of every sale for 12 months')", WAIT);
            JsonNode reward = ok(api().get("/groups/" + group)).get("saleReward");
            assertThat(reward.get("amountInPercentage").asInt()).isEqualTo(25);
            assertThat(reward.get("maxDuration").asInt()).isEqualTo(12);

            for (String page : List.of("api-keys", "members")) {
                c.open(base + "/dashboard/" + page);
                check(c, page);
            }

            // The ledger, customer, link, webhook and Stripe pages, with data, at desktop and phone width.
            ok(api().post("/payouts/run", Map.of()));
            String customerId = ok(api().get("/customers?externalId=b-2-0")).get(0).get("id").asText();
            List<String> pages = List.of("commissions", "payouts", "customers", "customers/" + customerId, "links",
                    "webhooks", "stripe");
            for (String page : pages) {
                c.open(base + "/dashboard/" + page);
                check(c, page.startsWith("customers/") ? "customer" : page);
            }
            c.open(base + "/dashboard/commissions");
            assertThat(c.text("document.querySelector('main table').textContent")).contains("Kim Park", "processed");
            c.open(base + "/dashboard/links");
            assertThat(c.text("document.querySelector('main table').textContent")).contains(firstKey);
            c.viewport(390, 844, true);
            for (String page : pages) {
                c.open(base + "/dashboard/" + page);
                assertThat(c.eval("document.documentElement.scrollWidth <= 390 + 1").asBoolean())
                        .as("no sideways scrolling at phone width on " + page).isTrue();
                c.screenshot(shots().resolve((page.startsWith("customers/") ? "customer" : page) + "-phone.png"));
            }
            c.viewport(1280, 900, false);
        }
    }
}
