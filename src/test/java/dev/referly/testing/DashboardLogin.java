package dev.referly.testing;

import dev.referly.dashboard.Accounts;
import dev.referly.dashboard.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard owner signed in over HTTP, as a browser would: the headers a request needs to
 * reach a dashboard handler (session cookie and the session's CSRF token).
 */
public record DashboardLogin(String sessionCookie, String csrfToken) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"(?:csrf-token\" content|_csrf\" value)=\"([^\"]+)\"");
    private static final String PASSWORD = "correct horse battery";

    /** A new owner account of {@code workspaceId}, signed in. */
    public static DashboardLogin owner(TestServer server, String workspaceId, String email) {
        new Accounts(server.app().database().jdbi(), server.clock()).create(workspaceId, email, PASSWORD, Role.OWNER);
        String base = server.api().base();
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/dashboard/login")).GET());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = "_csrf=" + enc(csrf(form.body())) + "&email=" + enc(email) + "&password=" + enc(PASSWORD);
        HttpResponse<String> in = send(HttpRequest.newBuilder(URI.create(base + "/dashboard/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        String session = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("referly_session="))
                .findFirst().orElseThrow(() -> new AssertionError("No session: " + in.statusCode() + " " + in.body()))
                .split(";")[0];
        HttpResponse<String> home = send(HttpRequest.newBuilder(URI.create(base + "/dashboard")).header("Cookie", session)
                .GET());
        return new DashboardLogin(session, csrf(home.body()));
    }

    /** The headers of a signed-in POST from a page of the dashboard. */
    public Map<String, String> headers() {
        return Map.of("Cookie", sessionCookie, "X-CSRF-Token", csrfToken);
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No CSRF token on the page: " + html);
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
