package dev.referly.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Framing and limits at the public port, over raw sockets: requests smuggled in bodies, heads
 * and bodies too large, heads that never finish. Nothing here depends on the store, so it runs
 * on SQLite only.
 */
class EdgeFramingIT {
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE,
                c -> c.withHttpLimits(c.httpLimits().withHeadTimeout(HEAD_TIMEOUT)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String smuggledWorkspaceRead() {
        return "GET /workspace HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.api().apiKey() + "\r\n\r\n";
    }

    private static String closingPost(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    @Test
    void aBodyAfterConnectionCloseIsNeverRunAsARequest() throws IOException {
        for (String path : new String[] {"/healthz", "/payouts/run", "/dashboard/logout"}) {
            try (Socket socket = connect(server.port())) {
                send(socket, closingPost(path, smuggledWorkspaceRead()));
                String everything = readUntilEnd(socket);
                assertThat(everything).as(path).startsWith("HTTP/1.1 ");
                assertThat(count(everything, "HTTP/1.1 ")).as(path + ": one answer, then the end").isEqualTo(1);
                assertThat(everything).doesNotContain(server.workspaceId());
            }
        }
    }

    @Test
    void theFrontPassesNothingOnAfterARequestItClosesOn() throws IOException {
        try (Socket socket = connect(server.port())) {
            // No body: the bytes after the head are a second request the client should not have sent.
            send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + smuggledWorkspaceRead());
            String everything = readUntilEnd(socket);
            assertThat(count(everything, "HTTP/1.1 ")).isEqualTo(1);
            assertThat(everything).contains("\"status\":\"ok\"").doesNotContain(server.workspaceId());
        }
    }

    @Test
    void helidonOnItsLoopbackPortDoesNotRunABodyAsARequestEither() throws IOException {
        try (Socket socket = connect(server.app().backendPort())) {
            send(socket, "PROXY TCP4 127.0.0.1 127.0.0.1 40000 80\r\n" + closingPost("/healthz", smuggledWorkspaceRead()));
            String everything = readFor(socket, Duration.ofSeconds(2));
            assertThat(count(everything, "HTTP/1.1 ")).isEqualTo(1);
            assertThat(everything).doesNotContain(server.workspaceId());
        }
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = connect(server.port())) {
            send(socket, "POST /links HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.api().apiKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"url\":");
            String everything = readUntilEnd(socket);
            assertThat(everything).startsWith("HTTP/1.1 413 ");
            assertThat(everything).contains("{\"error\":{\"code\":\"payload_too_large\"").contains("\"doc_url\":");
        }
    }

    @Test
    void aChunkedBodyOverTheCapIsCutOff() throws IOException {
        try (Socket socket = connect(server.port())) {
            send(socket, "POST /links HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.api().apiKey()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(64 * 1024) + "\r\n" + " ".repeat(64 * 1024) + "\r\n";
            try {
                for (int i = 0; i < 40; i++) { // 2.5 MB, past the 1 MiB default
                    send(socket, chunk);
                }
            } catch (IOException closedWhileSending) {
                // the server may stop reading as soon as it has refused
            }
            String everything = readUntilEnd(socket);
            assertThat(everything).startsWith("HTTP/1.1 413 ").contains("\"code\":\"payload_too_large\"");
        }
    }

    @Test
    void aHeadOverTheCapIsAnswered431() throws IOException {
        try (Socket socket = connect(server.port())) {
            send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(40_000) + "\r\n\r\n");
            String everything = readUntilEnd(socket);
            assertThat(everything).startsWith("HTTP/1.1 431 ");
            assertThat(everything).contains("\"code\":\"request_header_fields_too_large\"");
        }
    }

    @Test
    void aHeadThatDribblesInIsClosedAtTheTimeout() throws IOException, InterruptedException {
        try (Socket socket = connect(server.port())) {
            assertClosedWhileDribbling(socket, "GET /some-link HTTP/1.1\r\nHost: localhost\r\n");
        }
    }

    @Test
    void aLaterHeadThatDribblesInOnATunnelledConnectionIsClosedAtTheTimeout() throws IOException, InterruptedException {
        try (Socket socket = connect(server.port())) {
            send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            assertClosedWhileDribbling(socket, "POST /links HTTP/1.1\r\nHost: localhost\r\n");
        }
    }

    @Test
    void ambiguousFramingIsRefused400AndAnEmptyLineBeforeARequestIsNot() throws IOException {
        try (Socket socket = connect(server.port())) {
            send(socket, "POST /links HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n" + smuggledWorkspaceRead());
            String everything = readUntilEnd(socket);
            assertThat(everything).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"");
            assertThat(everything).doesNotContain(server.workspaceId());
        }
        try (Socket socket = connect(server.port())) {
            send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void helidonOnItsLoopbackPortClosesHeadersThatDribbleIn() throws IOException, InterruptedException {
        try (Socket socket = connect(server.app().backendPort())) {
            assertClosedWhileDribbling(socket, "PROXY TCP4 127.0.0.1 127.0.0.1 40000 80\r\nGET /healthz HTTP/1.1\r\n");
        }
    }

    @Test
    void theHeadTimeoutCountsFromTheHeadsFirstByteNotFromTheLastAnswer() throws IOException, InterruptedException {
        for (String first : new String[] {"GET /no-such-link HTTP/1.1\r\nHost: localhost\r\n\r\n", // kept by the front
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"}) { // tunnelled to Helidon
            try (Socket socket = connect(server.port())) {
                send(socket, first);
                assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 ");
                long third = HEAD_TIMEOUT.toMillis() * 6 / 10;
                Thread.sleep(third);
                send(socket, "GET /no-such-link HTTP/1.1\r\n");
                Thread.sleep(third);
                send(socket, "Host: localhost\r\n\r\n");
                assertThat(readHead(socket.getInputStream())).as(first).startsWith("HTTP/1.1 404");
            }
        }
    }

    /** Sends {@code start} then one byte of header every 100 ms: the server must close well before it ends. */
    private static void assertClosedWhileDribbling(Socket socket, String start) throws IOException, InterruptedException {
        send(socket, start);
        long began = System.nanoTime();
        socket.setSoTimeout(50);
        byte[] header = "X-Slow: ".concat("s".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
        boolean closed = false;
        for (int i = 0; i < header.length && !closed; i++) {
            try {
                socket.getOutputStream().write(header[i]);
                socket.getOutputStream().flush();
            } catch (IOException reset) {
                closed = true;
                break;
            }
            try {
                while (socket.getInputStream().read() >= 0) {
                    // a 408 or similar may come first
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                Thread.sleep(50);
            } catch (IOException reset) {
                closed = true;
            }
        }
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        assertThat(closed).as("closed while the head was still dribbling in").isTrue();
        assertThat(tookMillis).isBetween(HEAD_TIMEOUT.toMillis() - 100, HEAD_TIMEOUT.toMillis() + 2_500);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything until the server closes; a server that never closes fails the read's timeout. */
    private static String readUntilEnd(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer ends the connection too
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything that arrives within {@code wait}, whether or not the server closes. */
    private static String readFor(Socket socket, Duration wait) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[8192];
        socket.setSoTimeout(100);
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
            } catch (SocketTimeoutException nothingYet) {
                // keep waiting until the deadline
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                int length = contentLength(text);
                in.readNBytes(length);
                return text;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }
}
