package dev.referly.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** GET /_/script.js: the attribution script, the same file as script/referly.js in the repository. */
final class ScriptRoutes {
    static final String RESOURCE = "/script/referly.js";
    private final byte[] script;

    ScriptRoutes() {
        try (InputStream in = ScriptRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(HttpRules rules) {
        rules.get("/_/script.js", this::script);
    }

    private void script(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/javascript; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        res.header("Access-Control-Allow-Origin", "*");
        res.send(script);
    }
}
