package dev.referly.programs;

import dev.referly.testing.DubSdkScript;
import dev.referly.testing.ServerPerStore;
import dev.referly.workspaces.CreatedWorkspace;
import org.junit.jupiter.api.Test;

/**
 * The official {@code dub} npm SDK's partners API against the real server:
 * {@code src/test/node/dub-partners.mjs}; the SDK validates every response with its schemas.
 * Needs Node.js on PATH (as DubSdkCompatIT does).
 */
class PartnerSdkIT extends ServerPerStore {

    @Test
    void theDubSdksPartnersApiWorksUnchanged() throws Exception {
        CreatedWorkspace ws = server.app().workspaces().create("Dub SDK partners");
        new PartnerFixtures(server).programUrl(server.api().withKey(ws.apiKey()), PartnerFixtures.PROGRAM_URL);
        DubSdkScript.passes("dub-partners.mjs", "http://localhost:" + server.port(), ws.apiKey());
    }
}
