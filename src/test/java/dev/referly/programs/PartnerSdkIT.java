package dev.referly.programs;

import dev.referly.testing.DubSdkScript;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import dev.referly.workspaces.CreatedWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official {@code dub} npm SDK's partners API against the real server:
 * {@code src/test/node/dub-partners.mjs}; the SDK validates every response with its schemas.
 * Needs Node.js on PATH (as DubSdkCompatIT does).
 */
@ParameterizedClass
@EnumSource(Store.class)
class PartnerSdkIT {

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
    void theDubSdksPartnersApiWorksUnchanged() throws Exception {
        CreatedWorkspace ws = server.app().workspaces().create("Dub SDK partners");
        new PartnerFixtures(server).programUrl(ws.workspace().id(), PartnerFixtures.PROGRAM_URL);
        DubSdkScript.passes("dub-partners.mjs", "http://localhost:" + server.port(), ws.apiKey());
    }
}
