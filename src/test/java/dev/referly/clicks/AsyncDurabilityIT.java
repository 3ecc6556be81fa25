package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Store;
import dev.referly.testing.UserAgents;
import dev.referly.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** --click-durability async: answered at once, stored moments later, same click id either way. */
class AsyncDurabilityIT {
    @ParameterizedTest
    @EnumSource(Store.class)
    void asyncModeStoresTheClickItHandedOut(Store store) throws Exception {
        try (TestServer server = TestServer.start(store, c -> c.withClickDurability(ClickDurability.ASYNC))) {
            JsonNode link = server.api().post("/links", Map.of("url", "https://example.com/async", "key", "async",
                    "trackConversion", true)).json();
            String location = server.visitor().send("GET", "/async", null,
                    Map.of("X-Forwarded-For", "198.51.100.9", "User-Agent", UserAgents.CHROME_MAC)).header("Location");
            String clickId = location.replaceAll(".*dub_id=", "");
            String stored = null;
            for (int i = 0; i < 100 && stored == null; i++) {
                JsonNode events = server.api().get("/events?event=clicks&linkId=" + link.get("id").asText()).json();
                stored = events.isEmpty() ? null : events.get(0).at("/click/id").asText();
                if (stored == null) {
                    Thread.sleep(50);
                }
            }
            assertThat(stored).isEqualTo(clickId);
        }
    }
}
