package dev.referly.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client speaking to a test server as any API user would. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String apiKey;

    public Http(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public Http withKey(String otherKey) {
        return new Http(base, otherKey);
    }

    /** The same API key against another server, e.g. a second process on the same database. */
    public Http at(String otherBase) {
        return new Http(otherBase, apiKey);
    }

    public String apiKey() {
        return apiKey;
    }

    public String base() {
        return base;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A GET whose body is binary (images). */
    public byte[] bytes(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    /**
     * Exactly these bytes and headers (no Content-Type unless given; {@code body} null sends none):
     * for malformed requests a well-behaved client would never make.
     */
    public Response raw(String method, String path, byte[] body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (apiKey != null) {
                b.header("Authorization", "Bearer " + apiKey);
            }
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code body} may be a String (sent as is) or anything Jackson can write. */
    public Response send(String method, String path, Object body, Map<String, String> headers) {
        if (body == null) {
            return raw(method, path, null, headers);
        }
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // A caller's own Content-Type (a form body sent as text) wins over the JSON default.
        Map<String, String> withType = new LinkedHashMap<>(headers);
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            withType.put("Content-Type", "application/json");
        }
        return raw(method, path, text.getBytes(StandardCharsets.UTF_8), withType);
    }
}
