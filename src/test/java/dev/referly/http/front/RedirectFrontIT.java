package dev.referly.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.ServerPerStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redirect front at the HTTP level, over raw sockets: what a browser, a proxy or a broken
 * client may send on one connection, and what must come back on it.
 */
class RedirectFrontIT extends ServerPerStore {
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
    private String key;

    @BeforeEach
    void link() {
        key = "front" + KEYS.incrementAndGet();
        api().post("/links", Map.of("url", "https://example.com/landing", "key", key, "trackConversion", true));
    }

    private String get(String path, String... headers) {
        StringBuilder s = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            s.append(h).append("\r\n");
        }
        return s.append("\r\n").toString();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        try (Socket socket = connect()) {
            send(socket, get("/" + key, "X-Forwarded-For: 198.51.100.1") + get("/no-such-key")
                    + get("/" + key, "X-Forwarded-For: 198.51.100.2"));
            List<Response> answers = read(socket, 3);
            assertThat(answers).extracting(Response::status).containsExactly(302, 404, 302);
            assertThat(answers.get(0).header("location")).startsWith("https://example.com/landing?dub_id=");
            assertThat(answers.get(1).body()).isEqualTo("Link not found.");
            assertThat(answers.get(0).header("location")).isNotEqualTo(answers.get(2).header("location"));
        }
    }

    @Test
    void aHeadSplitAcrossWritesIsAnsweredOnceComplete() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            String request = get("/" + key + "?utm_source=split", "User-Agent: Mozilla/5.0 (X11; Linux x86_64)");
            int cut = request.length() / 2;
            send(socket, request.substring(0, cut));
            Thread.sleep(100);
            send(socket, request.substring(cut));
            Response answer = read(socket, 1).getFirst();
            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.header("location")).contains("utm_source=split").contains("dub_id=");
            assertThat(answer.header("cache-control")).isEqualTo("private, no-store");
            assertThat(answer.header("date")).isNotNull();
        }
    }

    @Test
    void anApiCallAfterARedirectOnTheSameConnectionReachesTheApi() throws IOException {
        try (Socket socket = connect()) {
            send(socket, get("/" + key) + get("/healthz") + get("/" + key, "dub-no-track: 1"));
            List<Response> answers = read(socket, 3);
            assertThat(answers).extracting(Response::status).containsExactly(302, 200, 302);
            assertThat(answers.get(1).body()).contains("\"status\":\"ok\"");
            assertThat(answers.get(2).header("location")).isEqualTo("https://example.com/landing");
        }
    }

    @Test
    void aRequestWithABodyOnAShortLinkPathGoesToTheApi() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /" + key + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
            Response answer = read(socket, 1).getFirst();
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).contains("not_found");
        }
    }

    @Test
    void headAnswersHeadersWithoutABody() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "HEAD /no-such-key HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/" + key, "dub-no-track: 1"));
            // The HEAD answer's Content-Length describes the GET's body, which is not sent.
            Response head = readHead(socket.getInputStream());
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.header("content-length")).isEqualTo("15");
            assertThat(read(socket, 1).getFirst().status()).isEqualTo(302);
        }
    }

    @Test
    void http10AndConnectionCloseEndTheConnectionAfterTheAnswer() throws IOException {
        for (String request : List.of("GET /" + key + " HTTP/1.0\r\nHost: localhost\r\n\r\n",
                get("/" + key, "Connection: close"))) {
            try (Socket socket = connect()) {
                send(socket, request);
                Response answer = read(socket, 1).getFirst();
                assertThat(answer.status()).isEqualTo(302);
                assertThat(answer.header("connection")).isEqualTo("close");
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
        try (Socket socket = connect()) {
            send(socket, "GET /" + key + " HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
            assertThat(read(socket, 1).getFirst().header("connection")).isEqualTo("keep-alive");
            send(socket, "GET /" + key + " HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
            assertThat(read(socket, 1).getFirst().status()).isEqualTo(302);
        }
    }

    @Test
    void malformedRequestsAreJudgedByHelidonAndOversizedHeadsRefused() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /" + key + " HTTP/1.1 extra\r\nHost: localhost\r\n\r\n");
            assertThat(readHead(socket.getInputStream()).status()).isBetween(400, 499);
        }
        try (Socket socket = connect()) {
            // Past the 16 KiB head limit: refused at the front, in the API's error shape.
            send(socket, get("/" + key, "X-Padding: " + "a".repeat(40_000)));
            Response answer = read(socket, 1).getFirst();
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.body()).contains("\"code\":\"request_header_fields_too_large\"");
            assertThat(answer.header("connection")).isEqualTo("close");
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirClick() throws Exception {
        int connections = 40;
        List<Thread> threads = new ArrayList<>();
        List<String> locations = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < connections; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try (Socket socket = connect()) {
                    for (int r = 0; r < 5; r++) {
                        send(socket, get("/" + key, "X-Forwarded-For: 198.51." + n + "." + r, "User-Agent: " + BROWSER));
                        locations.add(read(socket, 1).getFirst().header("location"));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(locations).hasSize(connections * 5).doesNotContainNull();
        assertThat(locations.stream().distinct().count()).isEqualTo(connections * 5L);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static List<Response> read(Socket socket, int count) throws IOException {
        InputStream in = socket.getInputStream();
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Response head = readHead(in);
            int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            answers.add(new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8)));
        }
        return answers;
    }

    private static Response readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.write(c);
            }
        }
        assertThat(lines).as("a response head").isNotEmpty();
        int status = Integer.parseInt(lines.getFirst().split(" ")[1]);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            headers.putIfAbsent(h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), h.substring(colon + 1).strip());
        }
        return new Response(status, headers, "");
    }
}
