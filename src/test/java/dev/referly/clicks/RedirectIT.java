package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.UserAgents;
import dev.referly.testing.ServerPerStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedirectIT extends ServerPerStore {
    private static final AtomicInteger VISITORS = new AtomicInteger(1);

    /** A distinct visitor per call: loopback is a trusted proxy, so X-Forwarded-For names the visitor. */
    static String newVisitorIp() {
        int n = VISITORS.getAndIncrement();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    private static Http.Response visit(String path, String ip, String ua, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("X-Forwarded-For", ip);
        if (ua != null) {
            headers.put("User-Agent", ua);
        }
        return server.visitor().send("GET", path, null, headers);
    }

    private static Http.Response visit(String path) {
        return visit(path, newVisitorIp(), UserAgents.CHROME_MAC, Map.of());
    }

    private static JsonNode link(Map<String, Object> body) {
        Http.Response r = server.api().post("/links", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static long clicks(JsonNode link) {
        return server.api().get("/links/" + link.get("id").asText()).json().get("clicks").asLong();
    }

    private static JsonNode clickEvents(JsonNode link) {
        return server.api().get("/events?event=clicks&linkId=" + link.get("id").asText()).json();
    }

    @Test
    void redirectsWith302ForwardingTheVisitorsQuery() {
        JsonNode l = link(Map.of("url", "https://example.com/landing?a=1&b=2", "key", "fwd"));
        Http.Response r = visit("/fwd?b=9&c=3");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("https://example.com/landing?a=1&b=9&c=3");
        assertThat(clicks(l)).isEqualTo(1);
    }

    @Test
    void appendsTheClickIdForConversionTrackingAndPartnerLinks() {
        link(Map.of("url", "https://example.com/t", "key", "tracked", "trackConversion", true));
        // A link may name only its own workspace's partner.
        assertThat(server.api().patch("/program", Map.of("url", "https://example.com")).status()).isEqualTo(200);
        String partner = server.api().post("/partners", Map.of("name", "Pat", "email", "pat@partner.dev")).json()
                .get("id").asText();
        link(Map.of("url", "https://example.com/p", "key", "partnered", "partnerId", partner));
        link(Map.of("url", "https://example.com/plain", "key", "plain"));
        String tracked = visit("/tracked").header("Location");
        assertThat(tracked).matches("https://example\\.com/t\\?dub_id=[A-Za-z0-9]{16}");
        assertThat(visit("/partnered").header("Location")).matches("https://example\\.com/p\\?dub_id=[A-Za-z0-9]{16}");
        assertThat(visit("/plain").header("Location")).isEqualTo("https://example.com/plain");
    }

    @Test
    void stripeClientReferenceIdInsteadOfDubIdWhenAsked() {
        JsonNode l = link(Map.of("url", "https://buy.stripe.com/test_123", "key", "stripe", "trackConversion", true));
        String location = visit("/stripe?dub_client_reference_id=1").header("Location");
        assertThat(location).matches("https://buy\\.stripe\\.com/test_123\\?client_reference_id=dub_id_[A-Za-z0-9]{16}");
        String clickId = location.substring(location.indexOf("dub_id_") + 7);
        assertThat(clickEvents(l).get(0).at("/click/id").asText()).isEqualTo(clickId);
    }

    @Test
    void theStoredClickDescribesTheVisit() {
        JsonNode l = link(Map.of("url", "https://example.com/describe", "key", "describe", "trackConversion", true));
        Http.Response r = visit("/describe?utm_source=newsletter&utm_campaign=fall&qr=1", "81.2.69.142", UserAgents.SAFARI_IPHONE,
                Map.of("Referer", "https://www.twitter.com/some/post"));
        String clickId = r.header("Location").replaceAll(".*dub_id=", "");
        assertThat(r.header("Location")).doesNotContain("qr=1");
        JsonNode event = clickEvents(l).get(0);
        JsonNode click = event.get("click");
        assertThat(event.get("event").asText()).isEqualTo("click");
        assertThat(click.get("id").asText()).isEqualTo(clickId).hasSize(16);
        assertThat(click.get("country").asText()).isEqualTo("GB");
        assertThat(click.get("city").asText()).isEqualTo("London");
        assertThat(click.get("region").asText()).isEqualTo("GB-ENG");
        assertThat(click.get("continent").asText()).isEqualTo("EU");
        assertThat(click.get("device").asText()).isEqualTo("Mobile");
        assertThat(click.get("browser").asText()).isEqualTo("Safari");
        assertThat(click.get("os").asText()).isEqualTo("iOS");
        assertThat(click.get("referer").asText()).isEqualTo("twitter.com");
        assertThat(click.get("refererUrl").asText()).isEqualTo("https://www.twitter.com/some/post");
        assertThat(click.get("trigger").asText()).isEqualTo("qr");
        assertThat(click.get("qr").asBoolean()).isTrue();
        assertThat(click.get("ip").asText()).isEmpty(); // IPs are not stored by default
        assertThat(click.get("timestamp").asText()).isEqualTo(server.clock().instant().toString());
        assertThat(event.get("qr").asInt()).isEqualTo(1);
        assertThat(event.get("link").get("id").asText()).isEqualTo(l.get("id").asText());
        JsonNode stored = server.api().get("/links/" + l.get("id").asText()).json();
        assertThat(stored.get("clicks").asLong()).isEqualTo(1);
        assertThat(stored.get("lastClicked").asText()).isEqualTo(server.clock().instant().toString());
    }

    @Test
    void directVisitsHaveDirectReferer() {
        JsonNode l = link(Map.of("url", "https://example.com/direct", "key", "direct"));
        visit("/direct");
        JsonNode click = clickEvents(l).get(0).get("click");
        assertThat(click.get("referer").asText()).isEqualTo("(direct)");
        assertThat(click.get("trigger").asText()).isEqualTo("link");
        assertThat(click.get("country").asText()).isEqualTo("Unknown");
    }

    @Test
    void unknownDisabledAndDeletedKeysAre404() {
        assertThat(visit("/no-such-key").status()).isEqualTo(404);
        JsonNode disabled = link(Map.of("url", "https://example.com", "key", "disabled-link",
                "disabledAt", "2026-01-01T00:00:00Z"));
        assertThat(visit("/disabled-link").status()).isEqualTo(404);
        JsonNode gone = link(Map.of("url", "https://example.com", "key", "deleted-link"));
        assertThat(visit("/deleted-link").status()).isEqualTo(302);
        server.api().delete("/links/" + gone.get("id").asText());
        assertThat(visit("/deleted-link").status()).isEqualTo(404);
        assertThat(clicks(disabled)).isZero();
    }

    @Test
    void expiredLinksGoToTheirExpiredUrl() {
        String inAnHour = server.clock().instant().plus(Duration.ofHours(1)).toString();
        link(Map.of("url", "https://example.com/live", "key", "expiring", "expiresAt", inAnHour,
                "expiredUrl", "https://example.com/expired"));
        link(Map.of("url", "https://example.com/live", "key", "expiring-bare", "expiresAt", inAnHour));
        assertThat(visit("/expiring").header("Location")).isEqualTo("https://example.com/live");
        server.clock().advance(Duration.ofHours(2));
        try {
            Http.Response expired = visit("/expiring");
            assertThat(expired.status()).isEqualTo(302);
            assertThat(expired.header("Location")).isEqualTo("https://example.com/expired");
            assertThat(visit("/expiring-bare").status()).isEqualTo(410);
        } finally {
            server.clock().advance(Duration.ofHours(-2));
        }
    }

    @Test
    void theDomainRootAnswers301() {
        link(Map.of("url", "https://example.com/home", "key", "_root", "domain", "root.example.com"));
        assertThat(visit("/").status()).isEqualTo(404); // the default domain has no root link yet
        Http.Response custom = visit("/", newVisitorIp(), UserAgents.CHROME_MAC, Map.of("Host", "root.example.com"));
        assertThat(custom.status()).isEqualTo(301);
        assertThat(custom.header("Location")).isEqualTo("https://example.com/home");
        link(Map.of("url", "https://example.com/default-home", "key", "_root"));
        Http.Response root = visit("/");
        assertThat(root.status()).isEqualTo(301);
        assertThat(root.header("Location")).isEqualTo("https://example.com/default-home");
    }

    @Test
    void theHostHeaderSelectsTheDomainAndUnknownHostsFallBackToTheDefault() {
        link(Map.of("url", "https://example.com/on-custom", "key", "shared-key", "domain", "go.example.com"));
        link(Map.of("url", "https://example.com/on-default", "key", "shared-key"));
        link(Map.of("url", "https://example.com/only-default", "key", "default-only"));
        Map<String, String> custom = Map.of("Host", "go.example.com");
        assertThat(visit("/shared-key", newVisitorIp(), UserAgents.CHROME_MAC, custom).header("Location"))
                .isEqualTo("https://example.com/on-custom");
        assertThat(visit("/shared-key").header("Location")).isEqualTo("https://example.com/on-default");
        assertThat(visit("/default-only", newVisitorIp(), UserAgents.CHROME_MAC, Map.of("Host", "unknown.example.org"))
                .header("Location")).isEqualTo("https://example.com/only-default");
    }

    @Test
    void headBotsAndNoTrackAreRedirectedButNotCounted() {
        JsonNode l = link(Map.of("url", "https://example.com/nt", "key", "not-counted"));
        Http.Response head = server.visitor().send("HEAD", "/not-counted", null,
                Map.of("X-Forwarded-For", newVisitorIp(), "User-Agent", UserAgents.CHROME_MAC));
        assertThat(head.status()).isEqualTo(302);
        for (String bot : new String[] {
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
                "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
                "Twitterbot/1.0"}) {
            assertThat(visit("/not-counted", newVisitorIp(), bot, Map.of()).status()).isEqualTo(302);
        }
        assertThat(visit("/not-counted", newVisitorIp(), UserAgents.CHROME_MAC, Map.of("dub-no-track", "1")).status()).isEqualTo(302);
        Http.Response param = visit("/not-counted?dub-no-track=1");
        assertThat(param.status()).isEqualTo(302);
        assertThat(param.header("Location")).isEqualTo("https://example.com/nt");
        assertThat(clicks(l)).isZero();
        assertThat(clickEvents(l)).isEmpty();
        visit("/not-counted");
        assertThat(clicks(l)).isEqualTo(1);
    }

    @Test
    void aRepeatVisitorWithinAnHourKeepsTheirClickIdAndCountsOnce() {
        JsonNode l = link(Map.of("url", "https://example.com/rep", "key", "repeat", "trackConversion", true));
        String ip = newVisitorIp();
        String first = visit("/repeat", ip, UserAgents.CHROME_MAC, Map.of()).header("Location");
        server.clock().advance(Duration.ofMinutes(59));
        String again = visit("/repeat", ip, UserAgents.CHROME_MAC, Map.of()).header("Location");
        assertThat(again).isEqualTo(first);
        String otherBrowser = visit("/repeat", ip, UserAgents.SAFARI_IPHONE, Map.of()).header("Location");
        assertThat(otherBrowser).isNotEqualTo(first);
        assertThat(clicks(l)).isEqualTo(2);
        server.clock().advance(Duration.ofMinutes(2));
        String later = visit("/repeat", ip, UserAgents.CHROME_MAC, Map.of()).header("Location");
        assertThat(later).isNotEqualTo(first);
        assertThat(clicks(l)).isEqualTo(3);
    }

    @Test
    void clickEventsOfAnotherWorkspaceAreInvisible() {
        JsonNode l = link(Map.of("url", "https://example.com/iso", "key", "isolated"));
        visit("/isolated");
        assertThat(clickEvents(l)).hasSize(1);
        assertThat(server.otherApi().get("/events?event=clicks&linkId=" + l.get("id").asText()).json()).isEmpty();
        assertThat(server.otherApi().get("/events?event=clicks&interval=all").json()).isEmpty();
    }
}
