package dev.referly.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The sign-in and setup forms against odd bodies and forged tokens. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInIT extends ServerPerStore {
    static final String PASSWORD = "correct horse battery";

    static Http.Response empty(String path, Map<String, String> headers) {
        return server.visitor().send("POST", path, null, headers);
    }

    @Test
    @Order(1)
    void emptyBodiesAreRefusedNot500() {
        // No account yet: /dashboard/setup is the live form.
        for (String path : new String[] {"/dashboard/setup", "/dashboard/login"}) {
            assertThat(empty(path, Map.of()).status()).as(path).isEqualTo(403);
            assertThat(empty(path, Map.of("Content-Type", "application/x-www-form-urlencoded")).status()).as(path)
                    .isEqualTo(403);
            assertThat(server.visitor().send("POST", path, "", Map.of("Content-Type",
                    "application/x-www-form-urlencoded")).status()).as(path).isEqualTo(403);
        }
        new Accounts(server.app().database().jdbi(), server.clock()).create(server.workspaceId(), "ann@acme.example",
                PASSWORD, Role.OWNER);
        for (String path : new String[] {"/dashboard/setup", "/dashboard/login"}) {
            assertThat(empty(path, Map.of()).status()).as(path).isIn(303, 403);
        }
    }

    @Test
    @Order(2)
    void theSignInTokenMustMatchThisBrowsersCookie() {
        Browserless mine = new Browserless(api().base());
        Browserless theirs = new Browserless(api().base());
        String myToken = Browserless.csrf(mine.get("/dashboard/login").body());
        String theirToken = Browserless.csrf(theirs.get("/dashboard/login").body());
        assertThat(myToken).isNotEqualTo(theirToken);
        // Another browser's token, with my cookie: refused.
        assertThat(mine.post("/dashboard/login", Map.of("_csrf", theirToken, "email", "ann@acme.example",
                "password", PASSWORD)).status()).isEqualTo(403);
        // A token without the cookie it was issued with: refused.
        Browserless fresh = new Browserless(api().base());
        assertThat(fresh.post("/dashboard/login", Map.of("_csrf", myToken, "email", "ann@acme.example",
                "password", PASSWORD)).status()).isEqualTo(403);
        // The pair issued together: signed in.
        String again = Browserless.csrf(mine.get("/dashboard/login").body());
        assertThat(mine.post("/dashboard/login", Map.of("_csrf", again, "email", "ann@acme.example",
                "password", PASSWORD)).location()).isEqualTo("/dashboard");
    }

    @Test
    @Order(3)
    void aTokenPairTheServerNeverIssuedIsRefused() {
        // Cookie tossing: a sibling subdomain can plant the pre-session cookie, so a page there can
        // post a form whose token equals the cookie it planted. Only tokens the server signed count.
        Browserless planted = new Browserless(api().base());
        planted.cookies.put("referly_login_csrf", "forged-by-a-sibling-subdomain");
        assertThat(planted.post("/dashboard/login", Map.of("_csrf", "forged-by-a-sibling-subdomain",
                "email", "ann@acme.example", "password", PASSWORD)).status()).isEqualTo(403);
        // A real token altered in its signed part: refused too.
        Browserless mine = new Browserless(api().base());
        String token = Browserless.csrf(mine.get("/dashboard/login").body());
        String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        mine.cookies.put("referly_login_csrf", altered);
        assertThat(mine.post("/dashboard/login", Map.of("_csrf", altered, "email", "ann@acme.example",
                "password", PASSWORD)).status()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void aSignInTokenExpiresAfterAnHour() {
        Browserless mine = new Browserless(api().base());
        String token = Browserless.csrf(mine.get("/dashboard/login").body());
        server.clock().advance(java.time.Duration.ofMinutes(61));
        assertThat(mine.post("/dashboard/login", Map.of("_csrf", token, "email", "ann@acme.example",
                "password", PASSWORD)).status()).isEqualTo(403);
    }
}
