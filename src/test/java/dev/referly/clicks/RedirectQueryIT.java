package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a visitor's query may put into the Location: never an attribution id of their own
 * choosing (the server's click id replaces it), and never more than a bounded amount.
 */
class RedirectQueryIT extends ServerPerStore {
    private static Http.Response visit(String path) {
        return server.visitor().send("GET", path, null, Map.of("User-Agent", UserAgents.CHROME_MAC,
                "X-Forwarded-For", RedirectIT.newVisitorIp()));
    }

    private void link(String url, String key, boolean track) {
        Http.Response r = api().post("/links", Map.of("url", url, "key", key + "-" + store.name().toLowerCase(),
                "trackConversion", track));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static int count(String location, String name) {
        Matcher m = Pattern.compile("[?&]" + Pattern.quote(name) + "=").matcher(location);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theVisitorsDubIdIsReplacedByTheServers() {
        link("https://shop.example/t", "spoof", true);
        String key = "/spoof-" + store.name().toLowerCase();
        for (String query : new String[] {"dub_id=ATTACKER", "dub%5Fid=ATTACKER", "dub_id=ATTACKER&dub_id=OTHER"}) {
            String location = visit(key + "?" + query + "&utm_source=x").header("Location");
            assertThat(location).as(query).matches("https://shop\\.example/t\\?utm_source=x&dub_id=[A-Za-z0-9]{16}");
        }
    }

    @Test
    void theVisitorsClientReferenceIdIsReplacedByTheServers() {
        link("https://buy.stripe.com/test_1", "stripe-spoof", true);
        String location = visit("/stripe-spoof-" + store.name().toLowerCase()
                + "?client_reference_id=dub_id_ATTACKER&dub_client_reference_id=1").header("Location");
        assertThat(count(location, "client_reference_id")).as(location).isEqualTo(1);
        assertThat(location).matches("https://buy\\.stripe\\.com/test_1\\?client_reference_id=dub_id_[A-Za-z0-9]{16}");
    }

    @Test
    void aLinkWithoutTrackingPassesNoDubIdAtAll() {
        link("https://shop.example/plain", "plain-spoof", false);
        String location = visit("/plain-spoof-" + store.name().toLowerCase() + "?dub_id=ATTACKER&a=1").header("Location");
        assertThat(location).isEqualTo("https://shop.example/plain?a=1");
    }

    @Test
    void theEchoedQueryIsCapped() {
        link("https://shop.example/long", "long", false);
        String path = "/long-" + store.name().toLowerCase();
        StringBuilder query = new StringBuilder("utm_source=news");
        for (int i = 0; i < 30; i++) {
            query.append("&p").append(i).append('=').append("v".repeat(100));
        }
        Http.Response r = visit(path + "?" + query);
        assertThat(r.status()).isEqualTo(302);
        String location = r.header("Location");
        assertThat(location.length()).isLessThanOrEqualTo("https://shop.example/long?".length() + 2048);
        // Whole parameters are kept in order until the cap, never cut in the middle.
        assertThat(location).startsWith("https://shop.example/long?utm_source=news&p0=" + "v".repeat(100) + "&p1=");
        assertThat(location).matches(".*&p[0-9]+=v{100}");
        // One parameter longer than the cap is dropped, not truncated.
        Http.Response huge = visit(path + "?big=" + "x".repeat(3000) + "&a=1");
        assertThat(huge.header("Location")).isEqualTo("https://shop.example/long?a=1");
    }
}
