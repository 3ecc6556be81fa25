package dev.referly.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The dashboard over HTTP on both stores: setup, sign-in, sessions, CSRF, roles and every page with real data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT extends ServerPerStore {
    static final String PASSWORD = "correct horse battery";

    /** The webhooks page is tested against a receiver on this machine, which the target guard refuses by default. */
    @BeforeParameterizedClassInvocation
    static void allowLocalWebhookTargets(Store store) {
        server.close();
        server = TestServer.start(store, c -> c.withWebhookAllowPrivate(true));
    }

    static Browserless browser() {
        return new Browserless(api().base());
    }

    static Accounts accounts() {
        return new Accounts(server.app().database().jdbi(), server.clock());
    }

    static Browserless signedIn(String email, Role role) {
        accounts().create(server.workspaceId(), email, PASSWORD, role);
        Browserless b = browser();
        assertThat(b.login(email, PASSWORD).location()).isEqualTo("/dashboard");
        return b;
    }

    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 202);
        return r.json();
    }

    @Test
    @Order(1)
    void theSetupPageCreatesTheFirstOwnerOnce() {
        Browserless b = browser();
        assertThat(b.get("/dashboard").location()).isEqualTo("/dashboard/setup");
        Browserless.Page setup = b.get("/dashboard/setup");
        assertThat(setup.body()).contains("Test workspace").contains("<label for=\"email\">");
        // Without the form's token nothing is created.
        assertThat(b.post("/dashboard/setup", Map.of("workspace", server.workspaceId(), "email", "first@acme.example",
                "password", PASSWORD, "_csrf", "forged")).status()).isEqualTo(403);
        assertThat(accounts().any()).isFalse();
        Browserless.Page created = b.post("/dashboard/setup", Map.of("_csrf", Browserless.csrf(b.get("/dashboard/setup").body()),
                "workspace", server.workspaceId(), "email", "First@Acme.example", "password", PASSWORD));
        assertThat(created.location()).isEqualTo("/dashboard");
        assertThat(b.get("/dashboard").body()).contains("first@acme.example (owner)");
        // Once an account exists, setup is closed.
        Browserless other = browser();
        assertThat(other.get("/dashboard/setup").location()).isEqualTo("/dashboard/login");
        Browserless.Page again = other.post("/dashboard/setup", Map.of("_csrf", "x", "workspace", server.workspaceId(),
                "email", "second@acme.example", "password", PASSWORD));
        assertThat(again.status()).isIn(303, 403);
        assertThat(accounts().list(server.workspaceId())).hasSize(1);
    }

    @Test
    @Order(2)
    void signInWrongPasswordAndSignOut() {
        accounts().create(server.workspaceId(), "ann@acme.example", PASSWORD, Role.OWNER);
        Browserless b = browser();
        Browserless.Page wrong = b.login("ann@acme.example", "not the password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong email or password");
        assertThat(b.login("nobody@acme.example", PASSWORD).status()).isEqualTo(401);
        assertThat(b.cookies).doesNotContainKey(Web.SESSION_COOKIE);

        HttpResponse<String> form = b.raw("/dashboard/login", "GET", null, Map.of());
        String token = Browserless.csrf(form.body());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> in = b.raw("/dashboard/login", "POST", "_csrf=" + token
                + "&email=ann%40acme.example&password=" + PASSWORD.replace(" ", "+"),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie", loginCookie));
        assertThat(in.statusCode()).isEqualTo(303);
        String session = in.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Web.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/dashboard")
                .doesNotContain("Secure");
        HttpResponse<String> proxied = b.raw("/dashboard/login", "POST", "_csrf=" + token
                + "&email=ann%40acme.example&password=" + PASSWORD.replace(" ", "+"),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie", loginCookie,
                        "X-Forwarded-Proto", "https"));
        assertThat(proxied.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(Web.SESSION_COOKIE) && c.contains("Secure"));

        assertThat(b.login("ann@acme.example", PASSWORD).location()).isEqualTo("/dashboard");
        String sessionCookie = b.cookies.get(Web.SESSION_COOKIE);
        assertThat(b.get("/dashboard").status()).isEqualTo(200);
        assertThat(b.submit("/dashboard", "/dashboard/logout", Map.of()).location()).isEqualTo("/dashboard/login");
        assertThat(b.get("/dashboard").location()).isEqualTo("/dashboard/login");
        // The old cookie is dead on the server, not only forgotten by the browser.
        b.cookies.put(Web.SESSION_COOKIE, sessionCookie);
        assertThat(b.get("/dashboard").location()).isEqualTo("/dashboard/login");
    }

    @Test
    @Order(3)
    void sessionsExpireWhenIdleAndAreSharedByProcesses() {
        Browserless b = signedIn("idle@acme.example", Role.MEMBER);
        server.clock().advance(Duration.ofHours(11));
        assertThat(b.get("/dashboard/partners").status()).isEqualTo(200); // activity moves the expiry
        server.clock().advance(Duration.ofHours(11));
        assertThat(b.get("/dashboard/partners").status()).isEqualTo(200);
        try (var sibling = server.sibling(c -> c)) {
            Browserless there = new Browserless("http://localhost:" + sibling.port());
            there.cookies.putAll(b.cookies);
            assertThat(there.get("/dashboard/partners").status()).isEqualTo(200);
        }
        server.clock().advance(Duration.ofHours(13));
        assertThat(b.get("/dashboard/partners").location()).isEqualTo("/dashboard/login");
    }

    @Test
    @Order(4)
    void everyChangeNeedsTheSessionsCsrfToken() {
        Browserless b = signedIn("csrf@acme.example", Role.OWNER);
        int keys = server.app().workspaces().keys(server.workspaceId()).size();
        assertThat(b.post("/dashboard/api-keys", Map.of("name", "forged")).status()).isEqualTo(403);
        assertThat(b.post("/dashboard/api-keys", Map.of("name", "forged", "_csrf", "wrong")).status()).isEqualTo(403);
        Browserless other = signedIn("csrf2@acme.example", Role.OWNER);
        String othersToken = Browserless.csrf(other.get("/dashboard").body());
        assertThat(b.post("/dashboard/api-keys", Map.of("name", "forged", "_csrf", othersToken)).status()).isEqualTo(403);
        assertThat(server.app().workspaces().keys(server.workspaceId())).hasSize(keys);
        // Logged out, a POST is refused before anything else.
        assertThat(browser().post("/dashboard/api-keys", Map.of("name", "x")).status()).isEqualTo(401);
        assertThat(b.submit("/dashboard/api-keys", "/dashboard/api-keys", Map.of("name", "real")).status()).isEqualTo(200);
        assertThat(server.app().workspaces().keys(server.workspaceId())).hasSize(keys + 1);
    }

    @Test
    @Order(5)
    void membersCannotManageKeysOrMembers() {
        Browserless member = signedIn("member@acme.example", Role.MEMBER);
        Browserless owner = signedIn("owner@acme.example", Role.OWNER);
        assertThat(member.get("/dashboard").body()).doesNotContain("/dashboard/api-keys").doesNotContain("/dashboard/members");
        assertThat(member.get("/dashboard/api-keys").status()).isEqualTo(403);
        assertThat(member.get("/dashboard/members").status()).isEqualTo(403);
        assertThat(member.submit("/dashboard", "/dashboard/api-keys", Map.of("name", "sneaky")).status()).isEqualTo(403);
        assertThat(member.submit("/dashboard", "/dashboard/members", Map.of("email", "x@acme.example",
                "password", PASSWORD, "role", "owner")).status()).isEqualTo(403);

        Browserless.Page created = owner.submit("/dashboard/api-keys", "/dashboard/api-keys", Map.of("name", "CI"));
        String key = created.body().replaceAll("(?s).*<code id=\"new-key\">([^<]+)</code>.*", "$1");
        assertThat(key).startsWith("rly_");
        Http withKey = api().withKey(key);
        assertThat(withKey.get("/links").status()).isEqualTo(200);
        String keyId = server.app().workspaces().keys(server.workspaceId()).stream()
                .filter(k -> k.name().equals("CI")).findFirst().orElseThrow().id();
        assertThat(owner.submit("/dashboard/api-keys", "/dashboard/api-keys/" + keyId + "/revoke", Map.of()).status())
                .isEqualTo(303);
        assertThat(withKey.get("/links").status()).isEqualTo(401);

        assertThat(owner.submit("/dashboard/members", "/dashboard/members", Map.of("email", "new@acme.example",
                "password", PASSWORD, "role", "member")).status()).isEqualTo(303);
        assertThat(owner.get("/dashboard/members").body()).contains("new@acme.example");
        assertThat(browser().login("new@acme.example", PASSWORD).location()).isEqualTo("/dashboard");
    }

    /** A click on a short link from a browser; returns the click id. */
    static String click(String key, String ip) {
        String location = server.visitor().send("GET", "/" + key, null,
                Map.of("X-Forwarded-For", ip, "User-Agent", UserAgents.CHROME_MAC)).header("Location");
        return location.replaceAll(".*dub_id=", "");
    }

    @Test
    @Order(6)
    void pagesShowRealDataAndActThroughTheServices() throws Exception {
        Browserless b = signedIn("pages@acme.example", Role.MEMBER);
        ok(api().patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api().post("/groups", Map.of("name", "Gold <b>", "slug", "gold-dash"))).get("id").asText();
        ok(api().put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 30,
                "maxDuration", 12)));
        JsonNode partner = ok(api().post("/partners", Map.of("name", "Alex <script>", "email", "alex@partners.example",
                "groupId", group)));
        String partnerId = partner.get("id").asText();
        String key = partner.get("links").get(0).get("key").asText();
        String clickId = click(key, "81.2.69.142");
        click(key, "81.2.69.143");
        ok(api().post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up", "customerExternalId", "dash-1",
                "customerEmail", "one@customer.example")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "dash-1", "amount", 10_000, "invoiceId", "dash-inv-1")));

        String overview = b.get("/dashboard?interval=30d").body();
        JsonNode api = ok(api().get("/analytics?event=composite&interval=30d"));
        assertThat(value(overview, "funnel-clicks")).isEqualTo(api.get("clicks").asLong()).isEqualTo(2);
        assertThat(value(overview, "funnel-leads")).isEqualTo(api.get("leads").asLong()).isEqualTo(1);
        assertThat(value(overview, "funnel-sales")).isEqualTo(api.get("sales").asLong()).isEqualTo(1);
        assertThat(value(overview, "revenue")).isEqualTo(api.get("saleAmount").asLong()).isEqualTo(10_000);
        assertThat(value(overview, "commissions")).isEqualTo(3_000);
        assertThat(overview).contains("50.0% of clicks").contains("100.0% of leads").contains("<svg class=\"chart\"");
        assertThat(b.get("/dashboard?interval=nonsense").status()).isEqualTo(422);

        String partners = b.get("/dashboard/partners").body();
        assertThat(partners).contains("Alex &lt;script&gt;").doesNotContain("Alex <script>").contains("Gold &lt;b&gt;")
                .contains("$100.00").contains("$30.00");
        String groups = b.get("/dashboard/groups").body();
        assertThat(groups).contains("30% of every sale for 12 months");

        String events = b.get("/dashboard/events").body();
        assertThat(events).contains(clickId).contains("Sign up");

        // The reward editor saves through the RewardService: the API and the audit log see it.
        Browserless.Page saved = b.submit("/dashboard/groups", "/dashboard/groups/" + group + "/rewards/sale",
                Map.of("type", "percentage", "amount", "25", "maxDuration", "", "description", ""));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(java.net.URLDecoder.decode(saved.location(), StandardCharsets.UTF_8))
                .contains("25% of every sale, for the customer's lifetime");
        JsonNode reward = ok(api().get("/groups/" + group)).get("saleReward");
        assertThat(reward.get("amountInPercentage").asInt()).isEqualTo(25);
        assertThat(reward.get("maxDuration").isNull()).isTrue();
        JsonNode audit = ok(api().get("/audit-log?targetId=" + reward.get("id").asText()));
        assertThat(audit.toString()).contains("\"type\":\"user\"").contains("reward.updated");
        // Bad input changes nothing and says which field.
        Browserless.Page bad = b.submit("/dashboard/groups", "/dashboard/groups/" + group + "/rewards/sale",
                Map.of("type", "percentage", "amount", "250"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("amountInPercentage");
        assertThat(ok(api().get("/groups/" + group)).get("saleReward").get("amountInPercentage").asInt()).isEqualTo(25);
        // The preview describes without saving.
        String token = Browserless.csrf(b.get("/dashboard/groups").body());
        HttpResponse<String> preview = b.raw("/dashboard/groups/" + group + "/rewards/sale/preview", "POST",
                "type=flat&amount=12.50&maxDuration=0", Map.of("Content-Type", "application/x-www-form-urlencoded",
                        "X-CSRF-Token", token, "Cookie", Web.SESSION_COOKIE + "=" + b.cookies.get(Web.SESSION_COOKIE)));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).isEqualTo("$12.50 for the first sale");
        assertThat(ok(api().get("/groups/" + group)).get("saleReward").get("amountInPercentage").asInt()).isEqualTo(25);

        // Move and ban go through the PartnerService.
        String defaultGroup = ok(api().get("/groups")).get(0).get("id").asText();
        String target = defaultGroup.equals(group) ? ok(api().get("/groups")).get(1).get("id").asText() : defaultGroup;
        assertThat(b.submit("/dashboard/partners", "/dashboard/partners/" + partnerId + "/group",
                Map.of("groupId", target)).status()).isEqualTo(303);
        assertThat(ok(api().get("/partners/" + partnerId)).get("groupId").asText()).isEqualTo(target);
        assertThat(b.submit("/dashboard/partners", "/dashboard/partners/" + partnerId + "/ban",
                Map.of("reason", "fraud")).status()).isEqualTo(303);
        assertThat(ok(api().get("/partners/" + partnerId)).get("status").asText()).isEqualTo("banned");
        // Another workspace's partner is not found.
        String foreign = ok(server.otherApi().post("/partners", Map.of("name", "Z", "email", "z@partners.example",
                "linkProps", Map.of("url", "https://other.example"))))
                .get("id").asText();
        assertThat(b.submit("/dashboard/partners", "/dashboard/partners/" + foreign + "/ban",
                Map.of("reason", "fraud")).status()).isEqualTo(404);
    }

    static long value(String html, String id) {
        var m = java.util.regex.Pattern.compile("id=\"" + id + "\" data-value=\"(-?\\d+)\"").matcher(html);
        assertThat(m.find()).as("%s on the page", id).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    @Order(7)
    void theEventStreamSendsNewClicksOfItsWorkspaceOnly() throws Exception {
        Browserless b = signedIn("stream@acme.example", Role.MEMBER);
        String key = ok(api().post("/links", Map.of("url", "https://acme.example/stream", "trackConversion", true))).get("key").asText();
        String otherKey = ok(server.otherApi().post("/links", Map.of("url", "https://other.example/x", "trackConversion", true))).get("key").asText();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(api().base() + "/dashboard/events/stream"))
                .header("Accept", "text/event-stream")
                .header("Cookie", Web.SESSION_COOKIE + "=" + b.cookies.get(Web.SESSION_COOKIE)).build();
        HttpResponse<InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith("retry:");
            String foreignClick = click(otherKey, "81.2.69.150");
            String clickId = click(key, "81.2.69.151");
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            String first = data.get(20, TimeUnit.SECONDS);
            assertThat(first).contains(clickId).contains("\"kind\":\"click\"").doesNotContain(foreignClick);
        }
        assertThat(browser().raw("/dashboard/events/stream", "GET", null, Map.of("Accept", "text/event-stream"))
                .statusCode()).isEqualTo(401);
        assertThat(List.of()).isEmpty();
    }

    @Test
    @Order(8)
    void commissionsAndPayoutsActThroughTheServices() {
        Browserless owner = signedIn("ledger-owner@acme.example", Role.OWNER);
        Browserless member = signedIn("ledger-member@acme.example", Role.MEMBER);
        ok(api().patch("/program", Map.of("url", "https://acme.example")));
        String group = ok(api().post("/groups", Map.of("name", "Ledger", "slug", "ledger-dash", "holdingPeriodDays", 0)))
                .get("id").asText();
        ok(api().put("/groups/" + group + "/rewards/sale", Map.of("type", "percentage", "amountInPercentage", 10)));
        JsonNode partner = ok(api().post("/partners", Map.of("name", "Pat <i>", "email", "pat@ledger.example",
                "groupId", group)));
        String partnerId = partner.get("id").asText();
        String key = partner.get("links").get(0).get("key").asText();
        // A customer at the partner's own company is held for review; another one is pending.
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.160"), "eventName", "Sign up",
                "customerExternalId", "led-1", "customerEmail", "buyer@ledger.example")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "led-1", "amount", 20_000, "invoiceId", "led-inv-1")));
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.161"), "eventName", "Sign up",
                "customerExternalId", "led-2", "customerEmail", "other@customer.example")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "led-2", "amount", 10_000, "invoiceId", "led-inv-2")));
        String held = ok(api().get("/commissions?partnerId=" + partnerId + "&status=hold")).get(0).get("id").asText();
        String pending = ok(api().get("/commissions?partnerId=" + partnerId + "&status=pending")).get(0).get("id").asText();

        String holds = member.get("/dashboard/commissions?status=hold&partnerId=" + partnerId).body();
        assertThat(holds).contains(held).doesNotContain(pending).contains("Pat &lt;i&gt;").contains("$20.00")
                .contains("same_company_domain").contains("/dashboard/commissions/" + held + "/approve");
        String tomorrow = java.time.LocalDate.ofInstant(server.clock().instant().plus(Duration.ofDays(1)),
                java.time.ZoneOffset.UTC).toString();
        assertThat(member.get("/dashboard/commissions?partnerId=" + partnerId + "&from=" + tomorrow).body())
                .doesNotContain(held).contains("No commissions match");
        assertThat(member.get("/dashboard/commissions?from=yesterday").status()).isEqualTo(422);
        assertThat(member.get("/dashboard/commissions?status=nonsense").status()).isEqualTo(422);

        // Approving needs the CSRF token and releases the hold; rejecting marks fraud.
        assertThat(member.post("/dashboard/commissions/" + held + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(ok(api().get("/commissions/" + held)).get("status").asText()).isEqualTo("hold");
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + held + "/approve", Map.of())
                .status()).isEqualTo(303);
        assertThat(ok(api().get("/commissions/" + held)).get("status").asText()).isEqualTo("pending");
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + held + "/approve", Map.of())
                .status()).isEqualTo(409);
        assertThat(member.post("/dashboard/commissions/" + pending + "/reject", Map.of("status", "fraud")).status())
                .isEqualTo(403);
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + pending + "/reject",
                Map.of("status", "paid")).status()).isEqualTo(422);
        assertThat(ok(api().get("/commissions/" + pending)).get("status").asText()).isEqualTo("pending");
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + pending + "/reject",
                Map.of("status", "fraud")).status()).isEqualTo(303);
        assertThat(ok(api().get("/commissions/" + pending)).get("status").asText()).isEqualTo("fraud");

        Browserless.Page csv = member.get("/dashboard/commissions/export?partnerId=" + partnerId);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("commissionId,partnerId,partnerName").contains(held + "," + partnerId
                + ",Pat <i>,pat@ledger.example,sale,pending,200.00,20.00,usd").contains(pending);
        assertThat(member.get("/dashboard/commissions/export?status=fraud&partnerId=" + partnerId).body())
                .contains(pending).doesNotContain(held);

        // Payouts: members see, owners run and mark.
        assertThat(member.submit("/dashboard/payouts", "/dashboard/payouts/run", Map.of()).status()).isEqualTo(403);
        assertThat(ok(api().get("/payouts?partnerId=" + partnerId)).size()).isZero();
        assertThat(owner.post("/dashboard/payouts/run", Map.of()).status()).isEqualTo(403);
        assertThat(owner.submit("/dashboard/payouts", "/dashboard/payouts/run", Map.of()).status()).isEqualTo(303);
        JsonNode payout = ok(api().get("/payouts?partnerId=" + partnerId)).get(0);
        String payoutId = payout.get("id").asText();
        assertThat(payout.get("amount").asLong()).isEqualTo(2_000);
        assertThat(member.get("/dashboard/payouts").body()).contains("payout-" + payoutId).contains("$20.00")
                .doesNotContain("/dashboard/payouts/run");
        assertThat(owner.get("/dashboard/payouts").body()).contains("/dashboard/payouts/" + payoutId + "/status");
        assertThat(member.submit("/dashboard/payouts", "/dashboard/payouts/" + payoutId + "/status",
                Map.of("status", "sent")).status()).isEqualTo(403);
        assertThat(owner.submit("/dashboard/payouts", "/dashboard/payouts/" + payoutId + "/status",
                Map.of("status", "sent")).status()).isEqualTo(303);
        assertThat(ok(api().get("/payouts/" + payoutId)).get("status").asText()).isEqualTo("sent");
        assertThat(owner.submit("/dashboard/payouts", "/dashboard/payouts/" + payoutId + "/status",
                Map.of("status", "completed")).status()).isEqualTo(303);
        assertThat(ok(api().get("/payouts/" + payoutId)).get("status").asText()).isEqualTo("completed");
        assertThat(ok(api().get("/commissions/" + held)).get("status").asText()).isEqualTo("paid");
        assertThat(owner.submit("/dashboard/payouts", "/dashboard/payouts/" + payoutId + "/status",
                Map.of("status", "failed")).status()).isEqualTo(409);
        Browserless.Page payoutsCsv = member.get("/dashboard/payouts/export?status=completed");
        assertThat(payoutsCsv.body()).startsWith("payoutId,").contains(payoutId + "," + partnerId).contains("20.00");

        // Another workspace's commission and payout are not found.
        JsonNode foreignPartner = ok(server.otherApi().post("/partners", Map.of("name", "Y", "email", "y@partners.example",
                "linkProps", Map.of("url", "https://other.example"))));
        String foreignCommission = ok(server.otherApi().post("/commissions", Map.of("partnerId",
                foreignPartner.get("id").asText(), "earnings", 500))).get("id").asText();
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + foreignCommission + "/reject",
                Map.of("status", "fraud")).status()).isEqualTo(404);
        assertThat(member.submit("/dashboard/commissions", "/dashboard/commissions/" + foreignCommission + "/approve",
                Map.of()).status()).isEqualTo(404);
        ok(server.otherApi().post("/payouts/run", Map.of()));
        String foreignPayout = ok(server.otherApi().get("/payouts")).get(0).get("id").asText();
        assertThat(owner.submit("/dashboard/payouts", "/dashboard/payouts/" + foreignPayout + "/status",
                Map.of("status", "sent")).status()).isEqualTo(404);
        assertThat(ok(server.otherApi().get("/payouts/" + foreignPayout)).get("status").asText()).isEqualTo("pending");
        assertThat(ok(server.otherApi().get("/commissions/" + foreignCommission)).get("status").asText())
                .isEqualTo("processed");
    }

    @Test
    @Order(9)
    void customersAndLinks() {
        Browserless b = signedIn("people@acme.example", Role.MEMBER);
        JsonNode partner = ok(api().post("/partners", Map.of("name", "Robin \"R\"", "email", "robin@partners.example",
                "linkProps", Map.of("url", "https://acme.example/robin"))));
        String key = partner.get("links").get(0).get("key").asText();
        String linkId = partner.get("links").get(0).get("id").asText();
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.170"), "eventName", "Sign up",
                "customerExternalId", "cust-robin-1", "customerEmail", "first@buyer.example", "customerName", "First <Buyer>")));
        ok(api().post("/track/sale", Map.of("customerExternalId", "cust-robin-1", "amount", 4_200, "invoiceId", "robin-1")));
        ok(api().post("/track/lead", Map.of("clickId", click(key, "81.2.69.171"), "eventName", "Sign up",
                "customerExternalId", "cust-robin-2", "customerEmail", "second@buyer.example")));
        String customerId = ok(api().get("/customers?externalId=cust-robin-1")).get(0).get("id").asText();

        String list = b.get("/dashboard/customers").body();
        assertThat(list).contains("First &lt;Buyer&gt;").contains("second@buyer.example");
        String found = b.get("/dashboard/customers?search=cust-robin-2").body();
        assertThat(found).contains("second@buyer.example").doesNotContain("first@buyer.example");
        String detail = b.get("/dashboard/customers/" + customerId).body();
        assertThat(detail).contains("<h1>First &lt;Buyer&gt;</h1>").contains("/" + key + "</a>")
                .contains("→ " + ok(api().get("/links/" + linkId)).get("url").asText()).contains("Robin &quot;R&quot;")
                .contains("$42.00");
        assertThat(b.get("/dashboard/customers/ext_cust-robin-2").body()).contains("second@buyer.example");
        assertThat(b.get("/dashboard/customers/cus_nope").status()).isEqualTo(404);

        // Links: the counters are the API's.
        JsonNode apiLink = ok(api().get("/links/" + linkId));
        String links = b.get("/dashboard/links?search=" + key).body();
        assertThat(links).contains("link-" + linkId).contains("Robin &quot;R&quot;");
        String row = links.substring(links.indexOf("id=\"link-" + linkId + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("<td class=\"num\">" + apiLink.get("clicks").asLong() + "</td>"
                + "<td class=\"num\">" + apiLink.get("leads").asLong() + "</td>"
                + "<td class=\"num\">" + apiLink.get("sales").asLong() + "</td>");
        assertThat(apiLink.get("clicks").asLong()).isEqualTo(2);
        assertThat(b.post("/dashboard/links", Map.of("url", "https://acme.example/new", "key", "dash-new")).status())
                .isEqualTo(403);
        Browserless.Page created = b.submit("/dashboard/links", "/dashboard/links",
                Map.of("url", "https://acme.example/new", "key", "dash-new", "trackConversion", "true"));
        assertThat(created.status()).isEqualTo(303);
        JsonNode newLink = ok(api().get("/links?search=dash-new")).get(0);
        assertThat(newLink.get("url").asText()).isEqualTo("https://acme.example/new");
        assertThat(newLink.get("trackConversion").asBoolean()).isTrue();
        Browserless.Page bad = b.submit("/dashboard/links", "/dashboard/links", Map.of("url", "not a url"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("url");

        // Another workspace's customer is not found.
        String otherKey = ok(server.otherApi().post("/links", Map.of("url", "https://other.example/c",
                "trackConversion", true))).get("key").asText();
        ok(server.otherApi().post("/track/lead", Map.of("clickId", click(otherKey, "81.2.69.172"), "eventName", "Sign up",
                "customerExternalId", "foreign-1")));
        String foreign = ok(server.otherApi().get("/customers?externalId=foreign-1")).get(0).get("id").asText();
        assertThat(b.get("/dashboard/customers/" + foreign).status()).isEqualTo(404);
        assertThat(b.get("/dashboard/customers").body()).doesNotContain(foreign);
    }

    @Test
    @Order(10)
    void webhooksListReplayAndDisable() throws Exception {
        Browserless owner = signedIn("hooks-owner@acme.example", Role.OWNER);
        Browserless member = signedIn("hooks-member@acme.example", Role.MEMBER);
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            assertThat(member.submit("/dashboard/webhooks", "/dashboard/webhooks", Map.of("name", "x", "url", url,
                    "trigger.link.created", "on")).status()).isEqualTo(403);
            assertThat(owner.post("/dashboard/webhooks", Map.of("name", "x", "url", url, "trigger.link.created", "on"))
                    .status()).isEqualTo(403);
            Browserless.Page created = owner.submit("/dashboard/webhooks", "/dashboard/webhooks", Map.of("name",
                    "Receiver <1>", "url", url, "trigger.link.created", "on"));
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.body()).containsPattern("<code id=\"new-secret\">whsec_[^<]+</code>");
            JsonNode hook = ok(api().get("/webhooks")).get(0);
            String hookId = hook.get("id").asText();
            assertThat(hook.get("triggers").toString()).isEqualTo("[\"link.created\"]");
            assertThat(member.get("/dashboard/webhooks").body()).contains("Receiver &lt;1&gt;")
                    .doesNotContain("new-secret").doesNotContain("/dashboard/webhooks/" + hookId + "/disable");

            ok(api().post("/links", Map.of("url", "https://acme.example/hooked")));
            long deadline = System.currentTimeMillis() + 20_000;
            JsonNode delivery = null;
            while (System.currentTimeMillis() < deadline) {
                JsonNode ds = ok(api().get("/webhooks/" + hookId + "/deliveries"));
                if (ds.size() > 0 && ds.get(0).get("status").asText().equals("delivered")) {
                    delivery = ds.get(0);
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(delivery).as("a delivery").isNotNull();
            String deliveryId = delivery.get("id").asText();
            String page = member.get("/dashboard/webhooks/" + hookId).body();
            assertThat(page).contains("delivery-" + deliveryId).contains("link.created").contains("delivered")
                    .contains(">204<").contains(delivery.get("latencyMs").asLong() + " ms");
            int before = received.size();
            assertThat(member.post("/dashboard/webhooks/" + hookId + "/deliveries/" + deliveryId + "/replay", Map.of())
                    .status()).isEqualTo(403);
            assertThat(member.submit("/dashboard/webhooks/" + hookId, "/dashboard/webhooks/" + hookId + "/deliveries/"
                    + deliveryId + "/replay", Map.of()).status()).isEqualTo(303);
            deadline = System.currentTimeMillis() + 20_000;
            while (received.size() == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(received).hasSize(before + 1);
            assertThat(received.get(before)).isEqualTo(received.get(before - 1));

            assertThat(member.submit("/dashboard/webhooks", "/dashboard/webhooks/" + hookId + "/disable", Map.of())
                    .status()).isEqualTo(403);
            assertThat(owner.submit("/dashboard/webhooks", "/dashboard/webhooks/" + hookId + "/disable", Map.of())
                    .status()).isEqualTo(303);
            assertThat(ok(api().get("/webhooks/" + hookId)).get("disabledAt").isNull()).isFalse();
            assertThat(owner.get("/dashboard/webhooks").body()).contains("/dashboard/webhooks/" + hookId + "/enable");
            assertThat(owner.submit("/dashboard/webhooks", "/dashboard/webhooks/" + hookId + "/enable", Map.of())
                    .status()).isEqualTo(303);
            assertThat(ok(api().get("/webhooks/" + hookId)).get("disabledAt").isNull()).isTrue();

            String foreign = ok(server.otherApi().post("/webhooks", Map.of("name", "F", "url", url,
                    "triggers", List.of("link.created")))).get("id").asText();
            assertThat(member.get("/dashboard/webhooks/" + foreign).status()).isEqualTo(404);
            assertThat(owner.submit("/dashboard/webhooks", "/dashboard/webhooks/" + foreign + "/disable", Map.of())
                    .status()).isEqualTo(404);
            assertThat(ok(server.otherApi().get("/webhooks/" + foreign)).get("disabledAt").isNull()).isTrue();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(11)
    void stripeStatusAndRetry() throws Exception {
        Browserless b = signedIn("stripe@acme.example", Role.MEMBER);
        String before = b.get("/dashboard/stripe").body();
        assertThat(before).contains("Not connected").contains("/integrations/stripe/webhook/" + server.workspaceId());
        String secret = "whsec_dashboard" + System.nanoTime();
        ok(api().put("/integrations/stripe", Map.of("webhookSecret", secret)));
        long t = server.clock().millis() / 1000;
        String eventId = "evt_dash_" + System.nanoTime();
        String payload = "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"livemode\":true,"
                + "\"created\":" + t + ",\"api_version\":\"2025-03-31.basil\",\"data\":{\"object\":{\"id\":\"in_dash1\","
                + "\"object\":\"invoice\",\"customer\":\"cus_unknown_dash\",\"currency\":\"usd\",\"amount_paid\":5000,"
                + "\"total_excluding_tax\":5000,\"billing_reason\":\"subscription_create\",\"lines\":{\"data\":[]}}}}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = "t=" + t + ",v1=" + java.util.HexFormat.of().formatHex(
                mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
        Http.Response r = api().withKey(null).send("POST", "/integrations/stripe/webhook/" + server.workspaceId(),
                payload, Map.of("Stripe-Signature", sig));
        assertThat(r.status()).as(r.toString()).isIn(200, 500);
        JsonNode event = ok(api().get("/integrations/stripe/events/" + eventId));
        String state = event.get("state").asText();
        assertThat(state).isIn("waiting", "failed");

        String page = b.get("/dashboard/stripe").body();
        assertThat(page).contains("Connected (live mode)").contains("/integrations/stripe/webhook/" + server.workspaceId())
                .contains("invoice.paid");
        String table = page.substring(page.indexOf("id=\"stripe-" + state + "\""));
        assertThat(table.substring(0, table.indexOf("</table>"))).contains(eventId)
                .contains("/dashboard/stripe/events/" + eventId + "/retry");
        int attempts = event.get("attempts").asInt();
        assertThat(b.post("/dashboard/stripe/events/" + eventId + "/retry", Map.of()).status()).isEqualTo(403);
        assertThat(ok(api().get("/integrations/stripe/events/" + eventId)).get("attempts").asInt()).isEqualTo(attempts);
        Browserless.Page retried = b.submit("/dashboard/stripe", "/dashboard/stripe/events/" + eventId + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(303);
        assertThat(java.net.URLDecoder.decode(retried.location(), StandardCharsets.UTF_8)).contains(eventId + " ran again");
        assertThat(ok(api().get("/integrations/stripe/events/" + eventId)).get("attempts").asInt()).isGreaterThan(attempts);
        assertThat(b.submit("/dashboard/stripe", "/dashboard/stripe/events/evt_not_ours/retry", Map.of()).status())
                .isEqualTo(404);
    }
}
