package dev.referly;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.EventService;
import dev.referly.analytics.RollupBuilder;
import dev.referly.clicks.ClickRecorder;
import dev.referly.clicks.enrich.GeoLocator;
import dev.referly.clicks.enrich.UserAgentParser;
import dev.referly.config.ServerConfig;
import dev.referly.commissions.ClickRewards;
import dev.referly.commissions.CommissionRecorder;
import dev.referly.commissions.CommissionService;
import dev.referly.conversions.ConversionListener;
import dev.referly.credits.CreditProvisioner;
import dev.referly.credits.CreditService;
import dev.referly.credits.ReferralCredits;
import dev.referly.dashboard.Dashboard;
import dev.referly.embed.Embed;
import dev.referly.http.RouteTable;
import dev.referly.programs.ProgramAdmin;
import dev.referly.programs.WorkspaceLinkReferences;
import dev.referly.referrals.ReferralService;
import dev.referly.conversions.CustomerService;
import dev.referly.conversions.FxRates;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.SaleService;
import dev.referly.http.ApiServer;
import dev.referly.integrations.stripe.StripeIntegration;
import dev.referly.http.WebhookPayloads;
import dev.referly.links.LinkResolver;
import dev.referly.links.LinkService;
import dev.referly.payouts.PayoutService;
import dev.referly.programs.PartnerService;
import dev.referly.shared.PeriodicTask;
import dev.referly.storage.Database;
import dev.referly.storage.DatabaseUrl;
import dev.referly.storage.Dialect;
import dev.referly.storage.InstanceSettings;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.webhooks.Dispatcher;
import dev.referly.webhooks.Outbox;
import dev.referly.webhooks.WebhookConversionListener;
import dev.referly.webhooks.WebhookService;
import dev.referly.workspaces.WorkspaceService;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.security.SecureRandom;

/** Wiring by hand: config, then database, then services, then the HTTP server. */
public final class App implements AutoCloseable {
    private final Database database;
    private final GeoLocator geo;
    private final ClickRecorder clicks;
    private final ApiServer.Running server;
    private final WorkspaceService workspaces;
    private final CreatedWorkspace bootstrapped;
    private final RollupBuilder rollups;
    private final Dispatcher webhookDispatcher;
    /** Click rewards, payout runs, credit expiry and credit provisioning. */
    private final java.util.List<PeriodicTask> tasks;
    /** How often each process looks for credit grants due to be applied in Stripe. */
    private static final long CREDIT_PROVISIONING_POLL_MILLIS = 200;
    /** How often each process expires credit that is due: cheap (a partial index), and expiry should be on time. */
    private static final long CREDIT_EXPIRY_PERIOD_MILLIS = 1_000;
    /** How often each process looks for webhook deliveries that are due. */
    private static final long WEBHOOK_POLL_MILLIS = 200;
    /** Click rewards for yesterday and a payout run: first a few minutes after start, then hourly. */
    private static final long LEDGER_JOBS_FIRST_DELAY_MILLIS = 5 * 60_000;
    private static final long LEDGER_JOBS_PERIOD_MILLIS = 60 * 60_000;
    /** How often the rollup builder folds in new clicks, leads and sales. */
    /**
     * On SQLite the writer hands committed clicks to the rollup builder in memory; folding them
     * every quarter second keeps them young enough to die in the young generation (held for a
     * second, they were copied by every young GC). On PostgreSQL each round locks the event
     * tables for its horizon, so it runs once a second.
     */
    private static final long ROLLUP_PERIOD_MILLIS_SQLITE = 250;
    private static final long ROLLUP_PERIOD_MILLIS_POSTGRES = 1_000;

    private App(Database database, GeoLocator geo, ClickRecorder clicks, ApiServer.Running server,
            WorkspaceService workspaces, CreatedWorkspace bootstrapped, RollupBuilder rollups,
            Dispatcher webhookDispatcher, java.util.List<PeriodicTask> tasks) {
        this.database = database;
        this.geo = geo;
        this.clicks = clicks;
        this.server = server;
        this.workspaces = workspaces;
        this.bootstrapped = bootstrapped;
        this.rollups = rollups;
        this.webhookDispatcher = webhookDispatcher;
        this.tasks = tasks;
    }

    public static Database openDatabase(ServerConfig config) {
        DatabaseUrl url = config.databaseUrl() == null || config.databaseUrl().isBlank()
                ? DatabaseUrl.sqlite(config.dataDir())
                : DatabaseUrl.parse(config.databaseUrl());
        Database database = Database.open(url);
        database.migrate(config.shortDomain());
        return database;
    }

    public static App start(ServerConfig config, Clock clock) {
        Database database = openDatabase(config);
        InstanceSettings settings = new InstanceSettings(database.jdbi());
        WorkspaceService workspaces = new WorkspaceService(database.jdbi(), clock);
        CreatedWorkspace bootstrapped = null;
        // The very first start of an installation creates a workspace to begin with; the claim
        // makes that happen once even when several processes start together.
        if (workspaces.list().isEmpty() && settings.claim("bootstrap_workspace", String.valueOf(clock.millis()))) {
            bootstrapped = workspaces.create("Default workspace");
        }
        byte[] salt = HexFormat.of().parseHex(settings.getOrCreate("visitor_salt", App::randomSalt));
        GeoLocator geo = openGeo(config);
        LinkResolver resolver = new LinkResolver(database.jdbi(), config.linkCacheTtl(), config.shortDomain());
        LinkService links = new LinkService(database.jdbi(), database.dialect(), clock, config.shortDomain(), resolver,
                new WorkspaceLinkReferences());
        RollupBuilder rollups = new RollupBuilder(database);
        ClickRecorder clicks = new ClickRecorder(database, config.clickDurability(), geo, UserAgentParser.shared(),
                salt, config.storeIps(), clock, rollups.clickFeed());
        FxRates fx = new FxRates(database.jdbi());
        fx.loadBundled();
        CustomerService customers = new CustomerService(database.jdbi(), database.writer(), database.dialect(), clock);
        EventService events = new EventService(database.jdbi(), links, customers);
        rollups.start(database.dialect() == Dialect.SQLITE ? ROLLUP_PERIOD_MILLIS_SQLITE
                : ROLLUP_PERIOD_MILLIS_POSTGRES);
        // Commissions first, so the partner totals in lead.created and sale.created include the new commission.
        // Then referral credits (after any group move the commission made), so the webhooks see the grants.
        ConversionListener recorder = ConversionListener.all(new CommissionRecorder(), new ReferralCredits(),
                new WebhookConversionListener());
        ClickRewards clickRewards = new ClickRewards(database.jdbi(), clock);
        PayoutService payouts = new PayoutService(database.jdbi(), clock);
        // Both idempotent (dedupe keys, one pending payout per partner and currency): every process runs them.
        PeriodicTask clickRewardRuns = PeriodicTask.start("click-rewards", LEDGER_JOBS_FIRST_DELAY_MILLIS,
                LEDGER_JOBS_PERIOD_MILLIS, () -> clickRewards.run(null, clickRewards.lastFullDay()));
        PeriodicTask payoutRuns = PeriodicTask.start("payout-runs", LEDGER_JOBS_FIRST_DELAY_MILLIS,
                LEDGER_JOBS_PERIOD_MILLIS, () -> payouts.run(null));
        LeadService leads = new LeadService(database.writer(), clock, recorder);
        SaleService sales = new SaleService(database.writer(), clock, fx, recorder);
        CommissionService commissions = new CommissionService(database.jdbi(), clock);
        PartnerService partners = new PartnerService(database.jdbi(), database.dialect(), clock, links);
        Outbox.install(database.jdbi(), new WebhookPayloads(links, customers, partners, commissions, payouts));
        CreditService credits = new CreditService(database.jdbi(), clock);
        // Expiry is one entry per grant under a dedupe key; provisioning rows are claimed: both safe in every process.
        PeriodicTask creditExpiry = PeriodicTask.start("credit-expiry", CREDIT_EXPIRY_PERIOD_MILLIS,
                CREDIT_EXPIRY_PERIOD_MILLIS, credits::expireDue);
        CreditProvisioner provisioner = new CreditProvisioner(database.jdbi(), clock, config.stripeApiBase());
        PeriodicTask creditProvisioning = PeriodicTask.start("credit-provisioning", CREDIT_PROVISIONING_POLL_MILLIS,
                CREDIT_PROVISIONING_POLL_MILLIS, provisioner::runDue);
        Dispatcher webhookDispatcher = new Dispatcher(database.jdbi(), clock, config.webhookAllowPrivate());
        webhookDispatcher.start(WEBHOOK_POLL_MILLIS);
        AnalyticsService analytics = new AnalyticsService(database.jdbi(), links, rollups);
        ProgramAdmin programAdmin = ProgramAdmin.create(database.jdbi(), clock);
        StripeIntegration stripe = StripeIntegration.create(database.jdbi(), database.writer(), clock, leads, sales,
                commissions, partners);
        WebhookService webhookService = new WebhookService(database.jdbi(), clock, config.webhookAllowPrivate());
        ReferralService referrals = new ReferralService(database.jdbi(), clock);
        ApiServer.Running server = ApiServer.start(config.bindHost(), config.port(),
                new ApiServer.Services(workspaces, links, resolver, clicks, events, customers, leads, sales,
                        analytics, programAdmin,
                        commissions, clickRewards, payouts, partners,
                        stripe, webhookService,
                        referrals, credits,
                        Dashboard.create(database.jdbi(), clock, workspaces, analytics, programAdmin,
                                partners, new Dashboard.Features(commissions, payouts, customers, links,
                                        webhookService, stripe)),
                        Embed.create(database.jdbi(), clock, partners, analytics, credits,
                                referrals)),
                config.trustedProxies(), config.shortDomain(), config.cookieDomains(), config.httpLimits(), config.rateLimits(), clock);
        return new App(database, geo, clicks, server, workspaces, bootstrapped, rollups, webhookDispatcher,
                java.util.List.of(clickRewardRuns, payoutRuns, creditExpiry, creditProvisioning));
    }

    private static GeoLocator openGeo(ServerConfig config) {
        try {
            return GeoLocator.open(config.geoipDb());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot open the GeoIP database " + config.geoipDb(), e);
        }
    }

    private static String randomSalt() {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    public int port() {
        return server.port();
    }

    /** Helidon's loopback port behind the front; only the front is meant to connect to it. */
    public int backendPort() {
        return server.backendPort();
    }

    /** Every route the server registered, for tests that must cover all of them. */
    public java.util.List<RouteTable.Route> routes() {
        return server.routeTable().routes();
    }

    public Database database() {
        return database;
    }

    public WorkspaceService workspaces() {
        return workspaces;
    }

    /** The workspace this start created because the installation had none. */
    public Optional<CreatedWorkspace> bootstrapped() {
        return Optional.ofNullable(bootstrapped);
    }

    /** Stops taking requests, commits every queued click, then closes the database. */
    @Override
    public void close() {
        server.stop();
        tasks.forEach(PeriodicTask::close);
        webhookDispatcher.close();
        clicks.close();
        rollups.close();
        try {
            geo.close();
        } catch (java.io.IOException ignored) {
            // nothing is left to flush in a read-only database file
        }
        database.close();
    }
}
