package dev.referly.compat;


import dev.referly.testing.DubSdkScript;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official {@code dub} npm SDK (version pinned in {@code src/test/node/package.json}) run
 * unchanged against the real server: {@code src/test/node/dub-compat.mjs} calls the links and
 * events APIs and follows a short link, and the SDK validates every response with its own schemas.
 */
@ParameterizedClass
@EnumSource(Store.class)
class DubSdkCompatIT {
    @Parameter
    Store store;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(Store store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void theOfficialDubSdkWorksUnchanged() {
        // a workspace of its own, whose API key the script uses as any Dub customer would
        String apiKey = server.app().workspaces().create("Dub SDK").apiKey();
        DubSdkScript.passes("dub-compat.mjs", "http://localhost:" + server.port(), apiKey);
    }
}
