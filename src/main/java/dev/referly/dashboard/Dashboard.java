package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.analytics.AnalyticsService;
import dev.referly.commissions.CommissionService;
import dev.referly.conversions.CustomerService;
import dev.referly.integrations.stripe.StripeIntegration;
import dev.referly.links.LinkService;
import dev.referly.payouts.PayoutService;
import dev.referly.programs.PartnerService;
import dev.referly.programs.ProgramAdmin;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.storage.InstanceSettings;
import dev.referly.webhooks.WebhookService;
import dev.referly.workspaces.Workspace;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The program dashboard at {@code /dashboard}: sign-in, sessions, CSRF and roles here; each page
 * in its own class. Every page reads and writes through the feature services, as the API does.
 */
public final class Dashboard {
    private static final Logger LOG = Logger.getLogger(Dashboard.class.getName());
    private static final String LOGIN_CSRF_COOKIE = "referly_login_csrf";
    private static final Map<String, String> ASSETS = Map.of("app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");

    /** A page or action, given the signed-in request. */
    interface Handler {
        void handle(Web web) throws Exception;
    }

    /** A page registers its routes through this. */
    interface Routes {
        void get(String path, Handler h);

        void post(String path, Handler h);

        /** Owners only: members get a 403. */
        void ownerGet(String path, Handler h);

        void ownerPost(String path, Handler h);
    }

    private final Accounts accounts;
    private final Sessions sessions;
    private final SignInTokens signInTokens;
    private final WorkspaceService workspaces;
    private final List<Page> pages;

    /** One area of the dashboard. */
    interface Page {
        void register(Routes routes);
    }

    public Dashboard(Accounts accounts, java.time.Clock clock, org.jdbi.v3.core.Jdbi jdbi, WorkspaceService workspaces,
            List<Page> pages) {
        this.accounts = accounts;
        this.sessions = new Sessions(jdbi, clock, accounts);
        this.signInTokens = new SignInTokens(new InstanceSettings(jdbi), clock);
        this.workspaces = workspaces;
        this.pages = pages;
    }

    /** The feature services behind the ledger, link, customer, webhook and Stripe pages. */
    public record Features(CommissionService commissions, PayoutService payouts,
            CustomerService customers, LinkService links,
            WebhookService webhooks, StripeIntegration stripe) {}

    /** The dashboard with all its pages, over the same services the API uses. */
    public static Dashboard create(org.jdbi.v3.core.Jdbi jdbi, java.time.Clock clock, WorkspaceService workspaces,
            AnalyticsService analytics, ProgramAdmin admin,
            PartnerService partners, Features features) {
        Accounts accounts = new Accounts(jdbi, clock);
        return new Dashboard(accounts, clock, jdbi, workspaces, List.of(
                new OverviewPage(analytics, workspaces, jdbi, clock),
                new EventsPage(jdbi),
                new PartnersPage(partners, admin.groups(), workspaces),
                new GroupsPage(admin.groups(), admin.rewards(), workspaces),
                new CommissionsPage(features.commissions(), partners),
                new PayoutsPage(features.payouts()),
                new CustomersPage(features.customers(), features.links(), partners, workspaces),
                new LinksPage(features.links(), partners, workspaces),
                new WebhooksPage(features.webhooks()),
                new StripePage(features.stripe()),
                new ApiKeysPage(workspaces),
                new MembersPage(accounts)));
    }

    public void register(HttpRules rules) {
        rules.get("/dashboard/assets/{file}", this::asset);
        rules.get("/dashboard/login", this::loginPage);
        rules.post("/dashboard/login", this::login);
        rules.get("/dashboard/setup", this::setupPage);
        rules.post("/dashboard/setup", this::setup);
        rules.post("/dashboard/logout", signedIn(false, this::logout));
        Routes routes = new Routes() {
            public void get(String path, Handler h) {
                rules.get(path, signedIn(false, h));
            }

            public void post(String path, Handler h) {
                rules.post(path, signedIn(false, h));
            }

            public void ownerGet(String path, Handler h) {
                rules.get(path, signedIn(true, h));
            }

            public void ownerPost(String path, Handler h) {
                rules.post(path, signedIn(true, h));
            }
        };
        for (Page page : pages) {
            page.register(routes);
        }
    }

    /**
     * Wraps a handler: no session sends the browser to sign in; a POST must carry the session's
     * CSRF token (form field {@code _csrf} or header {@code X-CSRF-Token}); owner-only handlers
     * refuse members; bad input becomes an error page, not a 500.
     */
    private io.helidon.webserver.http.Handler signedIn(boolean ownerOnly, Handler h) {
        return (req, res) -> {
            Optional<Sessions.Session> session = sessions.find(Web.cookie(req, Web.SESSION_COOKIE));
            boolean post = req.prologue().method() == Method.POST;
            if (session.isEmpty()) {
                if (req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/event-stream")).orElse(false)
                        || post) {
                    Web.secureHeaders(res);
                    res.status(io.helidon.http.Status.UNAUTHORIZED_401).send("Sign in first.");
                } else {
                    Web.redirect(res, accounts.any() ? "/dashboard/login" : "/dashboard/setup");
                }
                return;
            }
            // A POST without a body (a one-button form sent by a script) has no entity to read.
            Form form = post && req.content().hasEntity() ? Form.parse(req.content().as(String.class))
                    : new Form(Map.of());
            Web web = new Web(req, res, session.get(), form);
            if (post && !sameToken(session.get().csrfToken(),
                    req.headers().first(HeaderNames.create("X-CSRF-Token")).orElse(form.raw("_csrf")))) {
                web.html(403, Layout.error(web, "This form expired or did not come from this dashboard."
                        + " Reload the page and try again."));
                return;
            }
            if (ownerOnly && !web.account().isOwner()) {
                web.html(403, Layout.error(web, "Only the workspace's owners can do this."));
                return;
            }
            try {
                h.handle(web);
            } catch (ApiException e) {
                web.html(e.code().status(), Layout.error(web, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Dashboard request failed: " + req.path().path(), e);
                web.html(500, Layout.error(web, "Something went wrong on our side."));
            }
        };
    }

    private static boolean sameToken(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    private void asset(ServerRequest req, ServerResponse res) throws IOException {
        String file = req.path().pathParameters().get("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw ApiException.notFound("No such asset.");
        }
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + file)) {
            res.header(HeaderNames.CONTENT_TYPE, type);
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
            res.header("X-Content-Type-Options", "nosniff");
            res.send(in.readAllBytes());
        }
    }

    private void loginPage(ServerRequest req, ServerResponse res) {
        if (!accounts.any()) {
            Web.redirect(res, "/dashboard/setup");
            return;
        }
        if (sessions.find(Web.cookie(req, Web.SESSION_COOKIE)).isPresent()) {
            Web.redirect(res, "/dashboard");
            return;
        }
        sendLogin(req, res, 200, null, null);
    }

    /** The sign-in form with a fresh double-submit token (there is no session to hold one yet). */
    private void sendLogin(ServerRequest req, ServerResponse res, int status, String email, String error) {
        String token = signInTokens.issue();
        Web.setCookie(req, res, LOGIN_CSRF_COOKIE, token, SignInTokens.LIFETIME_MILLIS / 1000);
        String body = (error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>")
                + "<form method=\"post\" action=\"/dashboard/login\" class=\"card stack\">"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">"
                + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" required"
                + " autocomplete=\"username\" value=\"" + esc(email) + "\">"
                + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\""
                + " required autocomplete=\"current-password\">"
                + "<button type=\"submit\">Sign in</button></form>";
        Web.secureHeaders(res);
        res.status(io.helidon.http.Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(Layout.bare("Sign in", body).getBytes(StandardCharsets.UTF_8));
    }

    private boolean loginTokenMatches(ServerRequest req, Form form) {
        return signInTokens.accepts(Web.cookie(req, LOGIN_CSRF_COOKIE), form.raw("_csrf"));
    }

    private void login(ServerRequest req, ServerResponse res) {
        Form form = Form.of(req);
        if (!loginTokenMatches(req, form)) {
            sendLogin(req, res, 403, form.text("email"), "This form expired. Please sign in again.");
            return;
        }
        Optional<Account> account = accounts.authenticate(form.text("email"), form.raw("password"));
        if (account.isEmpty()) {
            sendLogin(req, res, 401, form.text("email"), "Wrong email or password.");
            return;
        }
        signIn(req, res, account.get());
    }

    private void signIn(ServerRequest req, ServerResponse res, Account account) {
        Sessions.Opened opened = sessions.open(account);
        Web.setCookie(req, res, Web.SESSION_COOKIE, opened.cookieValue(),
                (Sessions.MAX_AGE_MILLIS / 1000));
        Web.setCookie(req, res, LOGIN_CSRF_COOKIE, "", 0);
        Web.redirect(res, "/dashboard");
    }

    private void logout(Web web) {
        sessions.close(Web.cookie(web.req, Web.SESSION_COOKIE));
        Web.setCookie(web.req, web.res, Web.SESSION_COOKIE, "", 0);
        Web.redirect(web.res, "/dashboard/login");
    }

    private void setupPage(ServerRequest req, ServerResponse res) {
        if (accounts.any()) {
            Web.redirect(res, "/dashboard/login");
            return;
        }
        sendSetup(req, res, 200, null, null);
    }

    private void sendSetup(ServerRequest req, ServerResponse res, int status, String email, String error) {
        String token = signInTokens.issue();
        Web.setCookie(req, res, LOGIN_CSRF_COOKIE, token, SignInTokens.LIFETIME_MILLIS / 1000);
        StringBuilder choices = new StringBuilder();
        for (Workspace w : workspaces.list()) {
            choices.append("<option value=\"").append(esc(w.id())).append("\">").append(esc(w.name()))
                    .append(" (").append(esc(w.id())).append(")</option>");
        }
        String body = "<p>This installation has no dashboard account yet. Create its first owner account.</p>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>")
                + "<form method=\"post\" action=\"/dashboard/setup\" class=\"card stack\">"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">"
                + "<label for=\"workspace\">Workspace</label><select id=\"workspace\" name=\"workspace\">" + choices
                + "</select>"
                + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" required"
                + " autocomplete=\"username\" value=\"" + esc(email) + "\">"
                + "<label for=\"password\">Password (at least " + Accounts.MIN_PASSWORD + " characters)</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" required minlength=\""
                + Accounts.MIN_PASSWORD + "\" autocomplete=\"new-password\">"
                + "<button type=\"submit\">Create the owner account</button></form>";
        Web.secureHeaders(res);
        res.status(io.helidon.http.Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(Layout.bare("Set up the dashboard", body).getBytes(StandardCharsets.UTF_8));
    }

    private void setup(ServerRequest req, ServerResponse res) {
        Form form = Form.of(req);
        if (!loginTokenMatches(req, form)) {
            sendSetup(req, res, 403, form.text("email"), "This form expired. Please try again.");
            return;
        }
        String ws = form.text("workspace");
        if (ws == null || workspaces.list().stream().noneMatch(w -> w.id().equals(ws))) {
            sendSetup(req, res, 422, form.text("email"), "Choose a workspace.");
            return;
        }
        Optional<Account> created;
        try {
            created = accounts.createFirst(ws, form.text("email"), form.raw("password"));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.INTERNAL_SERVER_ERROR) {
                throw e;
            }
            sendSetup(req, res, e.code().status(), form.text("email"), e.getMessage());
            return;
        }
        if (created.isEmpty()) {
            Web.redirect(res, "/dashboard/login");
            return;
        }
        signIn(req, res, created.get());
    }
}
