package dev.referly.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: a short domain belongs to the first workspace that puts a link on it; no
 * other workspace can create or move links onto it, and its host serves only its owner's
 * links. The installation's default short domain stays shared.
 */
class DomainOwnershipIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String freshDomain() {
        return "go.brand-" + SEQ.incrementAndGet() + ".example";
    }

    private static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static void assertForbidden(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("forbidden");
    }

    private static Http.Response visit(String host, String path) {
        return server.visitor().send("GET", path, null, Map.of("Host", host, "X-Forwarded-For",
                "81.9." + (SEQ.get() % 250) + "." + (SEQ.incrementAndGet() % 250 + 1), "User-Agent", UserAgents.CHROME_MAC));
    }

    @Test
    void anotherWorkspaceCannotPutLinksOnADomainItDoesNotOwn() {
        Http a = api();
        Http b = server.otherApi();
        String domain = freshDomain();
        ok(a.post("/links", Map.of("url", "https://brand-a.example/home", "domain", domain, "key", "home")));

        assertForbidden(b.post("/links", Map.of("url", "https://phish.example/", "domain", domain, "key", "promo")));
        assertForbidden(b.post("/links", Map.of("url", "https://phish.example/", "domain", domain, "key", "_root")));
        assertForbidden(b.put("/links/upsert", Map.of("url", "https://phish.example/up", "domain", domain)));
        JsonNode bulk = ok(b.post("/links/bulk", List.of(Map.of("url", "https://phish.example/b", "domain", domain,
                "key", "bulk"))));
        assertThat(bulk.get(0).get("code").asText()).isEqualTo("forbidden");
        String own = ok(b.post("/links", Map.of("url", "https://phish.example/own", "key", "b-own-" + SEQ.get())))
                .get("id").asText();
        assertForbidden(b.patch("/links/" + own, Map.of("domain", domain)));
        assertThat(ok(b.get("/links/" + own)).get("domain").asText()).isEqualTo("refer.ly");

        assertThat(ok(b.get("/links?domain=" + domain))).isEmpty();
        assertThat(visit(domain, "/promo").status()).isEqualTo(404);
        assertThat(visit(domain, "/").status()).isEqualTo(404);
        Http.Response home = visit(domain, "/home");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).isEqualTo("https://brand-a.example/home");
        // The owner keeps adding links, its root link included.
        ok(a.post("/links", Map.of("url", "https://brand-a.example/", "domain", domain, "key", "_root")));
        assertThat(visit(domain, "/").header("Location")).isEqualTo("https://brand-a.example/");
    }

    /** A group's linkDomain is where its partners' links go: another workspace's domain is refused up front. */
    @Test
    void aGroupCannotSendItsPartnersLinksToAnotherWorkspacesDomain() {
        String domain = freshDomain();
        ok(api().post("/links", Map.of("url", "https://brand-a.example/g", "domain", domain, "key", "g")));
        Http b = server.otherApi();
        int n = SEQ.incrementAndGet();
        assertForbidden(b.post("/groups", Map.of("name", "Squat " + n, "slug", "squat-" + n, "linkDomain", domain)));
        String group = b.post("/groups", Map.of("name", "Own " + n, "slug", "own-" + n)).json().get("id").asText();
        assertForbidden(b.patch("/groups/" + group, Map.of("linkDomain", domain)));
        assertThat(b.get("/groups/" + group).json().get("linkDomain").isNull()).isTrue();
        String ownDomain = freshDomain();
        assertThat(b.patch("/groups/" + group, Map.of("linkDomain", ownDomain)).status()).isEqualTo(200);
        // The owner's groups may use its domain.
        assertThat(api().post("/groups", Map.of("name", "A " + n, "slug", "a-" + n, "linkDomain", domain)).status())
                .isEqualTo(201);
    }

    @Test
    void anOwnedHostDoesNotFallBackToOtherWorkspacesDefaultDomainLinks() {
        String domain = freshDomain();
        ok(api().post("/links", Map.of("url", "https://brand-a.example/x", "domain", domain, "key", "x")));
        String key = "fallback-" + SEQ.incrementAndGet();
        ok(server.otherApi().post("/links", Map.of("url", "https://phish.example/fallback", "key", key)));
        assertThat(visit("refer.ly", "/" + key).header("Location")).isEqualTo("https://phish.example/fallback");
        assertThat(visit(domain, "/" + key).status()).isEqualTo(404);
        // The owner's own default-domain links still answer on its domain, as before.
        String ownKey = "own-fallback-" + SEQ.incrementAndGet();
        ok(api().post("/links", Map.of("url", "https://brand-a.example/own", "key", ownKey)));
        assertThat(visit(domain, "/" + ownKey).header("Location")).isEqualTo("https://brand-a.example/own");
        // A host no workspace owns still falls back to the default domain, as before.
        assertThat(visit("unclaimed-" + SEQ.incrementAndGet() + ".example", "/" + key).header("Location"))
                .isEqualTo("https://phish.example/fallback");
    }

    @Test
    void theDefaultShortDomainIsShared() {
        String key = "shared-" + SEQ.incrementAndGet();
        ok(api().post("/links", Map.of("url", "https://a.example/", "key", key + "-a", "domain", "refer.ly")));
        ok(server.otherApi().post("/links", Map.of("url", "https://b.example/", "key", key + "-b", "domain", "refer.ly")));
        ok(server.otherApi().post("/links", Map.of("url", "https://b.example/2", "key", key + "-b2")));
    }

    @Test
    void twoWorkspacesRacingForANewDomainCannotBothWin() throws Exception {
        List<Http> workspaces = List.of(api(), server.otherApi());
        for (int round = 0; round < 12; round++) {
            String domain = freshDomain();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (int i = 0; i < 2; i++) {
                    Http ws = workspaces.get(i);
                    String key = "race-" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return ws.post("/links", Map.of("url", "https://w" + key + ".example/", "domain", domain,
                                "key", key));
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Http.Response> f : answers) {
                    statuses.add(f.get().status());
                }
                assertThat(statuses.stream().sorted().toList()).as(domain + " " + answers.get(0).get() + " "
                        + answers.get(1).get()).containsExactly(200, 403);
                int winner = statuses.get(0) == 200 ? 0 : 1;
                assertThat(ok(workspaces.get(winner).get("/links?domain=" + domain))).hasSize(1);
                assertThat(ok(workspaces.get(1 - winner).get("/links?domain=" + domain))).isEmpty();
            }
        }
    }
}
