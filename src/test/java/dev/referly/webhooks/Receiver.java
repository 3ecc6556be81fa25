package dev.referly.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.referly.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/** A real HTTP endpoint that records every webhook POST and answers what the test tells it to. */
final class Receiver implements AutoCloseable {
    /** One request as received, with the status it was answered. */
    record Received(Map<String, String> headers, String body, int answered) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String eventId() {
            return json().get("id").asText();
        }

        String event() {
            return json().get("event").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile long delayMillis = 0;

    Receiver() {
        this(0);
    }

    Receiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int answer = status;
            received.add(new Received(headers, new String(body, StandardCharsets.UTF_8), answer));
            byte[] reply = ("answered " + answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> all() {
        return new ArrayList<>(received);
    }

    List<Received> matching(Predicate<Received> p) {
        return received.stream().filter(p).toList();
    }

    /** Waits (real time) until at least {@code n} requests match; returns them. */
    List<Received> await(Predicate<Received> p, int n, Duration timeout) {
        return await(p, n, timeout, () -> "");
    }

    /** As {@link #await(Predicate, int, Duration)}, describing the server's state if it times out. */
    List<Received> await(Predicate<Received> p, int n, Duration timeout, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> found = matching(p);
            if (found.size() >= n) {
                return found;
            }
            sleep(50);
        }
        throw new AssertionError("expected " + n + " matching requests within " + timeout + ", got "
                + matching(p).size() + " of " + received.size() + ": " + received + "\nstate: " + state.get());
    }

    List<Received> await(int n) {
        return await(r -> true, n, Duration.ofSeconds(20));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
