package dev.referly.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.ServerPerStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies are parsed strictly at the edge, alike on both stores: one value and nothing
 * after it, no repeated keys, no NUL in any string, bounded nesting, and a JSON Content-Type.
 * A refused body changes nothing.
 */
class StrictJsonIT extends ServerPerStore {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicInteger KEYS = new AtomicInteger();

    private record Answer(int status, String body) {}

    private static Answer post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api().base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + api().apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static int linkCount() {
        return api().get("/links/count").json().asInt();
    }

    private static String key() {
        return "strict" + KEYS.incrementAndGet();
    }

    private void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("\"code\":\"" + code + "\"").contains("\"doc_url\"");
    }

    @Test
    void trailingGarbageAfterTheValueIsRefused() throws Exception {
        int before = linkCount();
        for (String tail : new String[] {" x", "{}", "]", " {\"url\":\"https://b.example\"}", "\u0000"}) {
            assertRefused(post("/links", "application/json",
                    "{\"url\":\"https://a.example\",\"key\":\"" + key() + "\"}" + tail), 400, "bad_request");
        }
        assertThat(linkCount()).isEqualTo(before);
    }

    @Test
    void aRepeatedKeyIsRefusedAtAnyDepth() throws Exception {
        int before = linkCount();
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"url\":\"https://b.example\"}"), 400, "bad_request");
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"metadata\":{\"a\":1,\"a\":2}}"), 400, "bad_request");
        assertThat(linkCount()).isEqualTo(before);
    }

    @Test
    void nulInAnyStringIsRefusedOnBothStores() throws Exception {
        int before = linkCount();
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"title\":\"\\u0000\"}"), 400, "bad_request");
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"ke\\u0000y\":\"v\"}"), 400, "bad_request");
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"metadata\":{\"deep\":[\"x\\u0000\"]}}"), 400, "bad_request");
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"key\":\"a\\u0000b\"}"), 400, "bad_request");
        assertRefused(post("/track/lead", "application/json",
                "{\"clickId\":\"c\",\"eventName\":\"Sign\\u0000up\",\"customerExternalId\":\"u1\"}"), 400, "bad_request");
        assertThat(linkCount()).isEqualTo(before);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws Exception {
        int before = linkCount();
        String deep = "[".repeat(40) + "]".repeat(40);
        assertRefused(post("/links", "application/json",
                "{\"url\":\"https://a.example\",\"metadata\":{\"x\":" + deep + "}}"), 400, "bad_request");
        String veryDeep = "[".repeat(100_000) + "]".repeat(100_000);
        assertRefused(post("/links", "application/json", veryDeep), 400, "bad_request");
        assertThat(linkCount()).isEqualTo(before);
        String shallow = "[".repeat(5) + "]".repeat(5);
        assertThat(post("/links", "application/json", "{\"url\":\"https://a.example\",\"key\":\"" + key()
                + "\",\"metadata\":{\"x\":" + shallow + "}}").status()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsRefused415() throws Exception {
        int before = linkCount();
        String body = "{\"url\":\"https://a.example\",\"key\":\"" + key() + "\"}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "application/jsonx"}) {
            assertRefused(post("/links", type, body), 415, "unsupported_media_type");
        }
        assertThat(linkCount()).isEqualTo(before);
    }

    @Test
    void jsonContentTypesAndNoneAtAllAreAccepted() throws Exception {
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
                "application/vnd.api+json", null}) {
            Answer answer = post("/links", type, "{\"url\":\"https://a.example\",\"key\":\"" + key() + "\"}");
            assertThat(answer.status()).as(type + ": " + answer.body()).isEqualTo(200);
        }
    }
}
