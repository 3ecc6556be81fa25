package dev.referly.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.commissions.ProgramFixture;
import dev.referly.testing.ServerPerStore;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's forms and filters carry ids too: a member signed in to workspace B who sends
 * workspace A's ids (in a form field, a path or a query filter) gets a refusal or an empty page,
 * sees nothing of A's, and changes nothing of A's. The API side is CrossWorkspaceIdsIT.
 */
class DashboardCrossWorkspaceIT extends ServerPerStore {

    /** A form of B's dashboard, with A's ids in it. */
    record FormCase(String name, String path, Map<String, String> form) {}

    @Test
    void aMemberOfWorkspaceBCannotUseWorkspaceAsIdsInForms() {
        ProgramFixture a = ProgramFixture.create(server);
        String groupOfA = a.group(0);
        String partnerOfA = a.partner(groupOfA, "dash-a@partner.dev");
        String commissionOfA = a.api.post("/commissions", Map.of("partnerId", partnerOfA, "earnings", 700)).json()
                .get("id").asText();
        ProgramFixture b = ProgramFixture.create(server);
        String partnerOfB = b.partner(b.defaultGroupId, "dash-b@partner.dev");
        new Accounts(server.app().database().jdbi(), server.clock())
                .create(b.workspaceId, "owner-b@acme.example", DashboardIT.PASSWORD, Role.OWNER);
        Browserless browser = new Browserless(api().base());
        assertThat(browser.login("owner-b@acme.example", DashboardIT.PASSWORD).location()).isEqualTo("/dashboard");
        String before = viewOfA(a, partnerOfA);

        SoftAssertions soft = new SoftAssertions();
        for (FormCase c : List.of(
                new FormCase("move B's partner into A's group", "/dashboard/partners/" + partnerOfB + "/group",
                        Map.of("groupId", groupOfA)),
                new FormCase("ban A's partner", "/dashboard/partners/" + partnerOfA + "/ban", Map.of("reason", "fraud")),
                new FormCase("approve A's commission", "/dashboard/commissions/" + commissionOfA + "/approve", Map.of()),
                new FormCase("reject A's commission", "/dashboard/commissions/" + commissionOfA + "/reject",
                        Map.of("status", "fraud")))) {
            Browserless.Page page = browser.submit("/dashboard", c.path(), c.form());
            soft.assertThat(page.status()).as(c.name() + ": " + page.location()).isIn(404, 422);
        }
        Browserless.Page filtered = browser.get("/dashboard/commissions?partnerId=" + partnerOfA);
        soft.assertThat(filtered.status()).isEqualTo(200);
        soft.assertThat(filtered.body()).doesNotContain(commissionOfA).doesNotContain("dash-a@partner.dev");
        soft.assertThat(viewOfA(a, partnerOfA)).as("A's data after B's forms").isEqualTo(before);
        soft.assertAll();
    }

    private static String viewOfA(ProgramFixture a, String partner) {
        return a.api.get("/partners/" + partner).body() + a.api.get("/commissions").body();
    }
}
