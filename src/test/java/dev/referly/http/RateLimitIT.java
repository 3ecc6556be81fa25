package dev.referly.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits with small test-sized limits and the server's clock: per IP on sign-in, QR,
 * embed and browser tracking, per key for API and publishable keys, per IP for failed
 * authentication; the redirect is never limited. The counters live in memory, not in the
 * store, so one store is enough.
 */
class RateLimitIT {
    static final AtomicInteger IPS = new AtomicInteger(1);
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, c -> c.withRateLimits(
                "sign-in=3/1m,auth-failure=4/1m,api-key=5/1m,qr=2/1m,embed=2/1m,publishable-key=3/1m,track-ip=2/1m"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh client address: loopback is a trusted proxy, so X-Forwarded-For names the client. */
    static String ip() {
        int n = IPS.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    static Http.Response send(Http http, String method, String path, Object body, String ip) {
        return http.send(method, path, body, Map.of("X-Forwarded-For", ip, "User-Agent", UserAgents.CHROME_MAC,
                "Origin", "https://shop.example"));
    }

    static void assertLimited(Http.Response r, String bucket) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("doc_url").asText()).isNotBlank();
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(r.header("RateLimit-Policy")).startsWith("\"" + bucket + "\";q=");
        assertThat(r.header("RateLimit")).matches("\"" + bucket + "\";r=0;t=[0-9]+");
    }

    @Test
    void signInIsLimitedPerClientIp() {
        String ip = ip();
        for (int i = 0; i < 3; i++) {
            assertThat(send(server.visitor(), "POST", "/dashboard/login", "", ip).status()).isNotEqualTo(429);
        }
        assertLimited(send(server.visitor(), "POST", "/dashboard/setup", "", ip), "sign-in");
        // Another address is not affected; the next window lets the first one in again.
        assertThat(send(server.visitor(), "POST", "/dashboard/login", "", ip()).status()).isNotEqualTo(429);
        server.clock().advance(Duration.ofMinutes(1));
        assertThat(send(server.visitor(), "POST", "/dashboard/login", "", ip).status()).isNotEqualTo(429);
    }

    @Test
    void failedAuthenticationIsLimitedPerClientIp() {
        String ip = ip();
        for (int i = 0; i < 4; i++) {
            assertThat(send(server.api().withKey("rly_bad_" + i), "GET", "/links", null, ip).status()).isEqualTo(401);
        }
        // The address is now refused, even with a valid key.
        assertLimited(send(server.api(), "GET", "/links", null, ip), "auth-failure");
        assertLimited(send(server.api().withKey("rly_bad_x"), "GET", "/links", null, ip), "auth-failure");
        String other = ip();
        assertThat(send(server.visitor(), "GET", "/links", null, other).status()).isEqualTo(401);
        assertThat(send(server.otherApi(), "GET", "/links", null, other).status()).isEqualTo(200);
    }

    @Test
    void eachApiKeyHasItsOwnBudget() {
        Http api = server.api().withKey(server.app().workspaces().create("Budget " + IPS.get()).apiKey());
        Http.Response first = send(api, "GET", "/links", null, ip());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"api-key\";q=5;w=60");
        assertThat(first.header("RateLimit")).startsWith("\"api-key\";r=4;t=");
        for (int i = 0; i < 4; i++) {
            assertThat(send(api, "GET", "/links", null, ip()).status()).isEqualTo(200);
        }
        assertLimited(send(api, "GET", "/links", null, ip()), "api-key");
        assertThat(send(server.api().withKey(server.app().workspaces().create("Other budget").apiKey()), "GET",
                "/links", null, ip()).status()).isEqualTo(200);
        server.clock().advance(Duration.ofMinutes(1));
        assertThat(send(api, "GET", "/links", null, ip()).status()).isEqualTo(200);
    }

    @Test
    void qrCodesAreLimitedPerClientIpAndCapped() {
        String ip = ip();
        assertThat(send(server.visitor(), "GET", "/qr?url=https://refer.ly/a&size=1024", null, ip).status()).isEqualTo(200);
        assertThat(send(server.visitor(), "GET", "/qr?url=https://refer.ly/a&size=1024", null, ip).status()).isEqualTo(200);
        assertLimited(send(server.visitor(), "GET", "/qr?url=https://refer.ly/a", null, ip), "qr");
        Http.Response huge = send(server.visitor(), "GET", "/qr?url=https://refer.ly/a&size=2048", null, ip());
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.json().at("/error/message").asText()).contains("size").contains("1024");
    }

    @Test
    void theEmbeddedDashboardIsLimitedPerClientIp() {
        String ip = ip();
        for (int i = 0; i < 2; i++) {
            assertThat(send(server.visitor(), "GET", "/embed/referrals?token=nope", null, ip).status()).isNotEqualTo(429);
        }
        assertLimited(send(server.visitor(), "GET", "/embed/referrals?token=nope", null, ip), "embed");
    }

    @Test
    void browserTrackingIsLimitedPerPublishableKeyAndPerClientIp() {
        Http api = server.api().withKey(server.app().workspaces().create("Tracked shop").apiKey());
        assertThat(api.post("/links", Map.of("url", "https://shop.example/x", "key", "tracked-rl",
                "trackConversion", true)).status()).isEqualTo(200);
        String key = api.post("/publishable-keys", Map.of("allowedHostnames", List.of("shop.example"))).json()
                .get("key").asText();
        Http pk = server.api().withKey(key);
        Map<String, Object> lead = Map.of("clickId", "nope", "eventName", "Sign up", "customerExternalId", "c1");
        String ip = ip();
        assertThat(send(pk, "POST", "/track/lead", lead, ip).status()).isNotEqualTo(429);
        assertThat(send(pk, "POST", "/track/lead", lead, ip).status()).isNotEqualTo(429);
        assertLimited(send(pk, "POST", "/track/lead", lead, ip), "track-ip");
        // From another address the key still has one request of its own budget of 3.
        assertThat(send(pk, "POST", "/track/lead", lead, ip()).status()).isNotEqualTo(429);
        assertLimited(send(pk, "POST", "/track/lead", lead, ip()), "publishable-key");
    }

    @Test
    void theRedirectIsNeverLimited() {
        assertThat(server.api().post("/links", Map.of("url", "https://shop.example/r", "key", "unlimited")).status())
                .isEqualTo(200);
        String ip = ip();
        for (int i = 0; i < 20; i++) {
            assertThat(send(server.visitor(), "GET", "/unlimited", null, ip).status()).isEqualTo(302);
        }
    }
}
