package dev.referly.compat;


import dev.referly.testing.DubSdkScript;
import dev.referly.testing.ServerPerStore;
import org.junit.jupiter.api.Test;

/**
 * The official {@code dub} npm SDK (version pinned in {@code src/test/node/package.json}) run
 * unchanged against the real server: {@code src/test/node/dub-compat.mjs} calls the links and
 * events APIs and follows a short link, and the SDK validates every response with its own schemas.
 */
class DubSdkCompatIT extends ServerPerStore {
    @Test
    void theOfficialDubSdkWorksUnchanged() {
        // a workspace of its own, whose API key the script uses as any Dub customer would
        String apiKey = server.app().workspaces().create("Dub SDK").apiKey();
        DubSdkScript.passes("dub-compat.mjs", "http://localhost:" + server.port(), apiKey);
    }
}
