package dev.referly.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.storage.Database;
import dev.referly.storage.DatabaseUrl;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.workspaces.WorkspaceService;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The upgrade of an installation where two workspaces already shared a custom domain: the
 * migration gives each non-default domain to the workspace of its earliest link; the other
 * workspace's links there stay in its list but no longer redirect, and it cannot add more.
 * The default short domain stays shared and unowned. Links naming a partner or program outside
 * their workspace lose that reference.
 */
class DomainOwnershipMigrationIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void existingDomainsGoToTheWorkspaceOfTheirEarliestLink(Store store) {
        String url = TestDatabases.fresh(store);
        CreatedWorkspace a;
        CreatedWorkspace b;
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            Map<String, String> placeholders = new HashMap<>(db.dialect().migrationPlaceholders());
            placeholders.put("default_domain", "refer.ly");
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                    .placeholders(placeholders).target("12").load().migrate();
            WorkspaceService workspaces = new WorkspaceService(db.jdbi(), Clock.systemUTC());
            a = workspaces.create("Brand A");
            b = workspaces.create("Squatter B");
            // Before the fix: B put links on A's domain after A did, and the default domain is everyone's.
            link(db, "link_1", b, "refer.ly", "b-default", 500);
            link(db, "link_2", a, "refer.ly", "a-default", 600);
            link(db, "link_3", a, "go.brand-a.example", "home", 1_000);
            link(db, "link_4", b, "go.brand-a.example", "promo", 2_000);
            link(db, "link_5", b, "go.brand-a.example", "_root", 2_500);
            link(db, "link_6", b, "go.b-only.example", "b", 3_000);
            // Before the fix a link could name any partner and program; none of these is B's.
            link(db, "link_7", b, "refer.ly", "b-foreign-refs", 4_000);
            db.jdbi().useHandle(h -> h.execute("UPDATE links SET partner_id = 'pn_foreign', program_id = 'prog_foreign'"
                    + " WHERE id = 'link_7'"));
        }
        try (TestServer server = TestServer.startOn(url)) {
            Map<String, String> owners = new HashMap<>();
            server.app().database().jdbi().useHandle(h -> h.createQuery("SELECT slug, workspace_id FROM domains")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> owners.put(e.getKey(), e.getValue())));
            assertThat(owners).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "go.brand-a.example", a.workspace().id(), "go.b-only.example", b.workspace().id()));

            assertThat(visit(server, "go.brand-a.example", "/home").header("Location")).isEqualTo("https://x/home");
            assertThat(visit(server, "go.brand-a.example", "/promo").status()).isEqualTo(404);
            assertThat(visit(server, "go.brand-a.example", "/").status()).isEqualTo(404);
            assertThat(visit(server, "go.b-only.example", "/b").header("Location")).isEqualTo("https://x/b");
            assertThat(visit(server, "refer.ly", "/b-default").header("Location")).isEqualTo("https://x/b-default");
            assertThat(visit(server, "refer.ly", "/a-default").header("Location")).isEqualTo("https://x/a-default");

            Http apiB = server.api().withKey(b.apiKey());
            assertThat(apiB.get("/links/link_4").status()).isEqualTo(200); // still B's, to move or delete
            assertThat(apiB.post("/links", Map.of("url", "https://x/new", "domain", "go.brand-a.example", "key", "new"))
                    .status()).isEqualTo(403);
            assertThat(apiB.patch("/links/link_4", Map.of("domain", "go.b-only.example")).status()).isEqualTo(200);
            assertThat(visit(server, "go.b-only.example", "/promo").header("Location")).isEqualTo("https://x/promo");
            assertThat(apiB.get("/links/link_7").json().get("partnerId").isNull()).isTrue();
            assertThat(apiB.get("/links/link_7").json().get("programId").isNull()).isTrue();
            Http apiA = server.api().withKey(a.apiKey());
            assertThat(apiA.post("/links", Map.of("url", "https://x/more", "domain", "go.brand-a.example", "key", "more"))
                    .status()).isEqualTo(200);
        } finally {
            TestDatabases.dispose(url);
        }
    }

    private static void link(Database db, String id, CreatedWorkspace ws, String domain, String key, long createdAt) {
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO links (id, workspace_id, domain, link_key, url, created_at,"
                        + " updated_at) VALUES (:id, :ws, :domain, :key, :url, :at, :at)")
                .bind("id", id).bind("ws", ws.workspace().id()).bind("domain", domain).bind("key", key)
                .bind("url", "https://x/" + (key.equals("_root") ? "root" : key)).bind("at", createdAt).execute());
    }

    private static Http.Response visit(TestServer server, String host, String path) {
        return server.visitor().send("GET", path, null, Map.of("Host", host, "X-Forwarded-For", "81.3.4.5",
                "User-Agent", UserAgents.CHROME_MAC));
    }
}
