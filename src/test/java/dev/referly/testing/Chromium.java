package dev.referly.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Debian Chromium driven over the Chrome DevTools protocol with the JDK's WebSocket:
 * no browser download, no driver. Installs the {@code chromium} package when it is missing.
 */
public final class Chromium implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private String session;

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Installs Debian's chromium if needed; fails the test with the reason when it cannot. */
    public static void ensureInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        try {
            int code = new ProcessBuilder("sh", "-c", "apt-get install -y chromium || (apt-get update && apt-get install -y chromium)")
                    .inheritIO().start().waitFor();
            if (code != 0 || !Files.isExecutable(BINARY)) {
                throw new AssertionError("Chromium is missing and `apt-get install -y chromium` failed (exit " + code
                        + "); install Debian's chromium package to run the browser tests.");
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run apt-get to install chromium: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Chromium start() throws Exception {
        ensureInstalled();
        Path profile = Files.createTempDirectory("referly-chromium-");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--hide-scrollbars", "about:blank")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ws = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                ws = line.substring(at).strip();
                break;
            }
        }
        if (ws == null) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not start (no DevTools endpoint)");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the browser exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        Chromium[] self = new Chromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    self[0].onMessage(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        Chromium c = new Chromium(p, profile, socket);
        self[0] = c;
        String target = c.send("Target.createTarget", Map.of("url", "about:blank"), false).get("targetId").asText();
        c.session = c.send("Target.attachToTarget", Map.of("targetId", target, "flatten", true), false)
                .get("sessionId").asText();
        c.call("Page.enable", Map.of());
        c.viewport(1280, 900, false);
        return c;
    }

    private void onMessage(String text) {
        try {
            JsonNode msg = JSON.readTree(text);
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asLong());
                if (f != null) {
                    if (msg.has("error")) {
                        f.completeExceptionally(new AssertionError("CDP error: " + msg.get("error")));
                    } else {
                        f.complete(msg.get("result"));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String method, Map<String, ?> params, boolean inPage) {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (inPage) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (socket) {
            socket.sendText(msg.toString(), true).join();
        }
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(method + " failed", e);
        }
    }

    public JsonNode call(String method, Map<String, ?> params) {
        return send(method, params, true);
    }

    public void viewport(int width, int height, boolean mobile) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
    }

    /** Loads a URL and waits until the document has finished loading. */
    public void open(String url) {
        call("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(20));
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    public JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new AssertionError("JS failed: " + expression + " -> " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    public String text(String expression) {
        JsonNode v = eval(expression);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Polls a JavaScript condition until it holds. */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode v = eval("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()");
            if (v != null && v.asBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Timed out waiting for " + condition + " on " + text("location.href"));
    }

    /** Types text into the focused element as keystrokes would. */
    public void type(String text) {
        call("Input.insertText", Map.of("text", text));
    }

    /** Presses a key such as Tab or Enter. */
    public void press(String key) {
        String code = key.length() == 1 ? "Key" + key.toUpperCase() : key;
        int keyCode = switch (key) {
            case "Tab" -> 9;
            case "Enter" -> 13;
            default -> key.toUpperCase().charAt(0);
        };
        Map<String, Object> down = new java.util.HashMap<>(Map.of("type", "keyDown", "key", key, "code", code,
                "windowsVirtualKeyCode", keyCode));
        if (key.equals("Enter")) {
            down.put("text", "\r");
        }
        call("Input.dispatchKeyEvent", down);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code, "windowsVirtualKeyCode", keyCode));
    }

    /** A full-page PNG. */
    public void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteProfile();
    }

    /**
     * Chromium's helper processes can outlive the browser by a moment and still write to the
     * profile, so a file may vanish mid-walk (an UncheckedIOException): try again shortly.
     */
    private void deleteProfile() {
        for (int attempt = 0; attempt < 5 && Files.exists(profile); attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return; // a temporary profile left behind is harmless
                }
            }
        }
    }
}
