package dev.referly.testing;

import dev.referly.App;
import dev.referly.config.RateLimits;
import dev.referly.config.ServerConfig;
import dev.referly.workspaces.CreatedWorkspace;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The real server on a random port over a fresh database, with a clock the test owns and
 * one workspace ({@link #api()}) plus a second one ({@link #otherApi()}) to prove isolation.
 */
public final class TestServer implements AutoCloseable {

    private final App app;
    private final MutableClock clock;
    private final String databaseUrl;
    private final Http api;
    private final Http otherApi;
    private final CreatedWorkspace workspace;
    private final boolean ownsDatabase;

    private TestServer(App app, MutableClock clock, String databaseUrl, boolean ownsDatabase) {
        this.app = app;
        this.ownsDatabase = ownsDatabase;
        this.clock = clock;
        this.databaseUrl = databaseUrl;
        String base = "http://localhost:" + app.port();
        this.workspace = app.workspaces().create("Test workspace");
        this.api = new Http(base, workspace.apiKey());
        this.otherApi = new Http(base, app.workspaces().create("Other workspace").apiKey());
    }

    public static TestServer start(Store store) {
        return start(store, c -> c);
    }

    public static TestServer start(Store store, UnaryOperator<ServerConfig> customize) {
        return start(TestDatabases.fresh(store), customize, true);
    }

    /** A server over a database somebody else prepared (and will drop). */
    public static TestServer startOn(String databaseUrl) {
        return start(databaseUrl, c -> c, false);
    }

    /** A second server over this one's database, as a second process sharing PostgreSQL would be. */
    public TestServer sibling(UnaryOperator<ServerConfig> customize) {
        return start(databaseUrl, customize, false);
    }

    private static TestServer start(String databaseUrl, UnaryOperator<ServerConfig> customize, boolean owns) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
        ServerConfig config = customize.apply(ServerConfig.defaults()
                .withPort(0)
                .withDatabaseUrl(databaseUrl)
                .withShortDomain("refer.ly")
                .withGeoipDb(GeoIpTestDatabase.city())
                // The test clock stands still, so a per-minute limit would count a whole class's
                // requests: only the tests about limits set them (small, see RateLimitIT).
                .withRateLimits(RateLimits.none()));
        return new TestServer(App.start(config, clock), clock, databaseUrl, owns);
    }

    public Http api() {
        return api;
    }

    public Http otherApi() {
        return otherApi;
    }

    /** No API key: what a visitor's browser sends. */
    public Http visitor() {
        return api.withKey(null);
    }

    public MutableClock clock() {
        return clock;
    }

    public String workspaceId() {
        return workspace.workspace().id();
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public App app() {
        return app;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.close();
        if (ownsDatabase) {
            TestDatabases.dispose(databaseUrl);
        }
    }
}
