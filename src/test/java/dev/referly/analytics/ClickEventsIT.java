package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** GET /events?event=clicks: filters, time range, order and pages over a known set of clicks. */
class ClickEventsIT extends ServerPerStore {
    static String alphaId;
    static String betaId;
    /** Click ids in the order they were made (oldest first). */
    static final List<String> made = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void seed() {
        made.clear();
        Http api = server.api();
        alphaId = api.post("/links", Map.of("url", "https://example.com/a", "key", "alpha", "trackConversion", true,
                "tenantId", "t-alpha")).json().get("id").asText();
        betaId = api.post("/links", Map.of("url", "https://example.com/b", "key", "beta", "trackConversion", true,
                "domain", "go.example.com")).json().get("id").asText();
        // 3 days ago: one click on alpha from London on a Mac
        server.clock().advance(Duration.ofDays(-3));
        click("/alpha", "81.2.69.142", UserAgents.CHROME_MAC, "go.example.com");
        server.clock().advance(Duration.ofDays(3));
        // now: two on alpha (Milton US, iPhone; Linköping SE, Mac) and one on beta (Boxford GB, iPhone, QR)
        click("/alpha", "216.160.83.56", UserAgents.SAFARI_IPHONE, null);
        server.clock().advance(Duration.ofMinutes(1));
        click("/alpha?utm_source=mail", "89.160.20.112", UserAgents.CHROME_MAC, null);
        server.clock().advance(Duration.ofMinutes(1));
        click("/beta?qr=1", "2.125.160.216", UserAgents.SAFARI_IPHONE, "go.example.com");
    }

    private static void click(String path, String ip, String ua, String host) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Forwarded-For", ip, "User-Agent", ua));
        if (host != null) {
            headers.put("Host", host);
        }
        String location = server.visitor().send("GET", path, null, headers).header("Location");
        made.add(location.replaceAll(".*dub_id=", ""));
    }

    private static List<String> ids(String query) {
        Http.Response r = server.api().get("/events?event=clicks" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(e -> ids.add(e.at("/click/id").asText()));
        return ids;
    }

    @Test
    void defaultsToTheLast24HoursNewestFirst() {
        assertThat(ids("")).containsExactly(made.get(3), made.get(2), made.get(1));
        assertThat(ids("&sortOrder=asc")).containsExactly(made.get(1), made.get(2), made.get(3));
    }

    @Test
    void intervalsAndExplicitRanges() {
        assertThat(ids("&interval=7d")).containsExactly(made.get(3), made.get(2), made.get(1), made.get(0));
        assertThat(ids("&interval=all")).hasSize(4);
        assertThat(ids("&start=2026-10-30T00:00:00Z&end=2026-10-31T00:00:00Z")).containsExactly(made.get(0));
        assertThat(server.api().get("/events?event=clicks&interval=2w").status()).isEqualTo(422);
        assertThat(server.api().get("/events?event=clicks&start=yesterday").status()).isEqualTo(422);
    }

    @Test
    void filtersByLinkAndByVisitor() {
        assertThat(ids("&interval=all&linkId=" + alphaId)).hasSize(3);
        assertThat(ids("&interval=all&domain=go.example.com&key=beta")).containsExactly(made.get(3));
        assertThat(ids("&interval=all&tenantId=t-alpha")).hasSize(3);
        assertThat(ids("&interval=all&country=GB")).containsExactly(made.get(3), made.get(0));
        assertThat(ids("&interval=all&city=Milton")).containsExactly(made.get(1));
        assertThat(ids("&interval=all&device=Mobile")).containsExactly(made.get(3), made.get(1));
        assertThat(ids("&interval=all&browser=Chrome")).containsExactly(made.get(2), made.get(0));
        assertThat(ids("&interval=all&os=iOS")).containsExactly(made.get(3), made.get(1));
        assertThat(ids("&interval=all&trigger=qr")).containsExactly(made.get(3));
        assertThat(ids("&interval=all&qr=true")).containsExactly(made.get(3));
        assertThat(ids("&interval=all&utm_source=mail")).containsExactly(made.get(2));
        assertThat(ids("&interval=all&continent=NA")).containsExactly(made.get(1));
    }

    @Test
    void pagesWithLimit() {
        assertThat(ids("&interval=all&limit=3&page=1")).containsExactly(made.get(3), made.get(2), made.get(1));
        assertThat(ids("&interval=all&limit=3&page=2")).containsExactly(made.get(0));
        assertThat(server.api().get("/events?event=clicks&limit=1001").status()).isEqualTo(422);
        assertThat(server.api().get("/events?event=clicks&page=0").status()).isEqualTo(422);
    }

    @Test
    void eachEventCarriesDubsFlatLegacyKeys() {
        JsonNode event = server.api().get("/events?event=clicks&linkId=" + betaId).json().get(0);
        assertThat(event.get("click_id").asText()).isEqualTo(made.get(3));
        assertThat(event.get("link_id").asText()).isEqualTo(betaId);
        assertThat(event.get("domain").asText()).isEqualTo("go.example.com");
        assertThat(event.get("key").asText()).isEqualTo("beta");
        assertThat(event.get("country").asText()).isEqualTo("GB");
        assertThat(event.get("city").asText()).isEqualTo("Boxford");
        assertThat(event.get("qr").asInt()).isEqualTo(1);
        assertThat(event.get("timestamp").asText()).isEqualTo(event.at("/click/timestamp").asText());
    }

    @Test
    void anotherWorkspaceSeesNoneOfThem() {
        assertThat(server.otherApi().get("/events?event=clicks&interval=all").json()).isEmpty();
        assertThat(server.otherApi().get("/events?event=clicks&interval=all&linkId=" + alphaId).json()).isEmpty();
    }
}
