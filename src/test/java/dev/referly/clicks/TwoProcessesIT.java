package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.UserAgents;
import dev.referly.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Referly servers over one PostgreSQL database, as two processes behind a load balancer
 * would run. Each has its own caches, pools and click writer: only the database is shared.
 */
class TwoProcessesIT {
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        a = TestServer.start(Store.POSTGRES, c -> c.withLinkCacheTtl(Duration.ofMillis(300)));
        b = a.sibling(c -> c.withLinkCacheTtl(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static Http visitorOf(TestServer s) {
        return s.visitor();
    }

    private static Http.Response visit(TestServer s, String path, String ip) {
        return visitorOf(s).send("GET", path, null, Map.of("X-Forwarded-For", ip, "User-Agent", UserAgents.CHROME_MAC));
    }

    @Test
    void aLinkMadeOnOneServerRedirectsOnTheOtherAndEditsShowWithinTheCacheTtl() throws Exception {
        JsonNode link = a.api().post("/links", Map.of("url", "https://example.com/v1", "key", "two-proc")).json();
        assertThat(visit(b, "/two-proc", "198.51.100.1").header("Location")).isEqualTo("https://example.com/v1");
        a.api().patch("/links/" + link.get("id").asText(), Map.of("url", "https://example.com/v2"));
        Thread.sleep(600);
        assertThat(visit(b, "/two-proc", "198.51.100.2").header("Location")).isEqualTo("https://example.com/v2");
        // b authenticates a's key and serves a's link: keys and links live in the shared database
        Http aOnB = a.api().at(b.api().base());
        assertThat(aOnB.get("/links/" + link.get("id").asText()).json().get("url").asText())
                .isEqualTo("https://example.com/v2");
    }

    @Test
    void aVisitorSeenByOneServerKeepsTheirClickIdOnTheOther() {
        a.api().post("/links", Map.of("url", "https://example.com/w", "key", "two-window", "trackConversion", true));
        String first = visit(a, "/two-window", "198.51.100.7").header("Location");
        String second = visit(b, "/two-window", "198.51.100.7").header("Location");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void concurrentIdenticalClicksAcrossBothServersCountOnce() throws Exception {
        JsonNode link = a.api().post("/links", Map.of("url", "https://example.com/c", "key", "two-concurrent",
                "trackConversion", true)).json();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                TestServer target = i % 2 == 0 ? a : b;
                calls.add(() -> visit(target, "/two-concurrent", "198.51.100.50").header("Location"));
            }
            Set<String> locations = new HashSet<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                locations.add(f.get());
            }
            assertThat(locations).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(a.api().get("/links/" + link.get("id").asText()).json().get("clicks").asLong()).isEqualTo(1);
        Http aOnB = a.api().at(b.api().base());
        assertThat(aOnB.get("/events?event=clicks&linkId=" + link.get("id").asText()).json()).hasSize(1);
        assertThat(a.api().get("/events?event=clicks&linkId=" + link.get("id").asText()).json()).hasSize(1);
    }
}
