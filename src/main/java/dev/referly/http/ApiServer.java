package dev.referly.http;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.EventService;
import dev.referly.clicks.ClickRecorder;
import dev.referly.commissions.ClickRewards;
import dev.referly.commissions.CommissionService;
import dev.referly.config.HttpLimits;
import dev.referly.config.RateLimits;
import dev.referly.conversions.CustomerService;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.SaleService;
import dev.referly.credits.CreditService;
import dev.referly.dashboard.Dashboard;
import dev.referly.embed.Embed;
import dev.referly.integrations.stripe.StripeIntegration;
import dev.referly.links.LinkResolver;
import dev.referly.links.LinkService;
import dev.referly.links.QrCode;
import dev.referly.links.QrCodes;
import dev.referly.payouts.PayoutService;
import dev.referly.programs.PartnerService;
import dev.referly.programs.ProgramAdmin;
import dev.referly.redirect.ServerCookies;
import dev.referly.redirect.ShortLinkRedirect;
import dev.referly.redirect.TrustedProxies;
import dev.referly.referrals.ReferralService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.webhooks.WebhookService;
import dev.referly.workspaces.WorkspaceService;
import dev.referly.http.front.FrontServer;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The HTTP edge: routes, authentication and the one mapping of errors to Dub's error shape. */
public final class ApiServer {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

    /** The services the routes call into. */
    public record Services(WorkspaceService workspaces, LinkService links, LinkResolver resolver,
            ClickRecorder clicks, EventService events, CustomerService customers, LeadService leads,
            SaleService sales, AnalyticsService analytics,
            ProgramAdmin programAdmin,
            CommissionService commissions, ClickRewards clickRewards,
            PayoutService payouts, PartnerService partners,
            StripeIntegration stripe,
            WebhookService webhooks, ReferralService referrals,
            CreditService credits, Dashboard dashboard,
            Embed embed) {}

    private ApiServer() {}

    /** The listening server: the redirect front on the public port, Helidon behind it on loopback. */
    public record Running(FrontServer front, WebServer api, RouteTable routeTable) {
        public int port() {
            return front.port();
        }

        /** Helidon's loopback port, so the wiring above the edge need not know Helidon's types. */
        public int backendPort() {
            return api.port();
        }

        /** Stops taking connections: the front first, so nothing new reaches Helidon while it stops. */
        public void stop() {
            front.close();
            api.stop();
        }
    }

    private static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofMinutes(5);

    public static Running start(String host, int port, Services services, List<String> trustedProxies,
            String defaultDomain, List<String> cookieDomains, HttpLimits limits,
            RateLimits rateLimits, Clock clock) {
        var publishableKeys = services.embed().publishableKeys();
        Authenticator auth = new Authenticator(services.workspaces(), publishableKeys);
        HttpRouting.Builder routing = HttpRouting.builder();
        routing.addFilter(new EdgeFilter(limits));
        routing.addFilter(new NulFilter());
        RateLimitFilter limiter = new RateLimitFilter(rateLimits, new RateLimiter(clock),
                new TrustedProxies(trustedProxies));
        routing.addFilter(limiter);
        RouteTable routeTable = new RouteTable();
        HttpRules rules = routeTable.rules(routing);
        // First: a GET or HEAD whose first path segment is not one of the API's is a short link.
        // Matched before the API's routes, it skips testing ~150 route patterns per redirect.
        ShortLinkRedirect redirect = new ShortLinkRedirect(services.resolver(), services.clicks(),
                new TrustedProxies(trustedProxies), defaultDomain, clock, new ServerCookies(cookieDomains));
        new RedirectRoutes(redirect).register(rules);
        rules.get("/healthz", (req, res) -> Json.send(res, 200, Map.of("status", "ok")));
        new WorkspaceRoutes(services.workspaces(), auth).register(rules);
        new LinkRoutes(services.links(), auth).register(rules);
        QrCodes qrCodes = new QrCodes();
        rules.get("/qr", (req, res) -> qrCode(qrCodes, req, res));
        new EventRoutes(services.events(), auth, clock).register(rules);
        new TrackRoutes(services.leads(), services.sales(), services.links(), auth, new ReferralClicks(
                services.referrals(), services.clicks(), new TrustedProxies(trustedProxies), auth), publishableKeys)
                .register(rules);
        new CustomerRoutes(services.customers(), services.links(), services.partners(), auth).register(rules);
        new AnalyticsRoutes(services.analytics(), auth, clock).register(rules);
        var admin = services.programAdmin();
        new ProgramRoutes(admin.program(), auth).register(rules);
        new GroupRoutes(admin.groups(), admin.rewards(), admin.discounts(), admin.moveRules(), auth).register(rules);
        new AuditLogRoutes(admin.auditLog(), auth).register(rules);
        new CommissionRoutes(services.commissions(), services.clickRewards(), auth).register(rules);
        new PayoutRoutes(services.payouts(), auth).register(rules);
        new PartnerRoutes(services.partners(), services.analytics(), auth, clock).register(rules);
        new StripeRoutes(services.stripe(), auth).register(rules);
        new WebhookRoutes(services.webhooks(), auth).register(rules);
        new ReferralRoutes(services.referrals(), auth).register(rules);
        new CreditRoutes(services.credits(), auth).register(rules);
        services.dashboard().register(rules);
        new PublishableKeyRoutes(publishableKeys, auth).register(rules);
        new ScriptRoutes().register(rules);
        new EmbedTokenRoutes(services.embed().tokens(), services.partners(), auth).register(rules);
        services.embed().register(rules);
        routing.any((req, res) -> error(res, new ApiException(ErrorCode.NOT_FOUND,
                "No route for " + req.prologue().method().text() + " " + req.path().path())));
        routing.error(ApiException.class, (req, res, e) -> {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                limiter.failedAuthentication(req);
            }
            error(res, e);
        });
        routing.error(Exception.class, ApiServer::unexpected);
        // Only the front connects to Helidon, and it always opens with a PROXY line naming the visitor.
        WebServer api = WebServer.builder()
                .host(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .enableProxyProtocol(true)
                .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                // The front enforces these first; Helidon holds to the same, for anything that reaches it otherwise.
                .maxPayloadSize(limits.maxBodyBytes())
                .addProtocol(Http1Config.builder().maxPrologueLength(limits.maxHeadBytes())
                        .maxHeadersSize(limits.maxHeadBytes())
                        .addReceiveListener(new HeadersDeadline(limits.headTimeout())).build())
                .directHandlers(HelidonRefusals.handlers(limits))
                .routing(routing)
                .build()
                .start();
        try {
            FrontServer front = FrontServer.start(host, port, redirect,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), api.port()), IDLE_CONNECTION_TIMEOUT, limits);
            return new Running(front, api, routeTable);
        } catch (RuntimeException e) {
            api.stop();
            throw e;
        }
    }

    /** Public, like Dub's QR endpoint: it encodes any URL and reveals nothing stored. */
    private static void qrCode(QrCodes qrCodes, ServerRequest req, ServerResponse res) {
        Params p = new Params(req);
        byte[] png = qrCodes.png(p.text("url"), p.integer("size", QrCode.DEFAULT_SIZE), p.text("fgColor"), p.text("bgColor"));
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "image/png");
        res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "public, max-age=86400");
        res.send(png);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        String requestId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Request " + requestId + " failed: " + req.prologue().method().text() + " "
                + req.path().path(), e);
        error(res, new ApiException(ErrorCode.INTERNAL_SERVER_ERROR,
                "An internal error occurred (request id " + requestId + ")."));
    }

    static void error(ServerResponse res, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().code());
        error.put("message", e.getMessage());
        error.put("doc_url", e.code().docUrl());
        if (e.code() == ErrorCode.RATE_LIMIT_EXCEEDED && !res.headers().contains(io.helidon.http.HeaderNames.RETRY_AFTER)) {
            res.header("Retry-After", "60");
        }
        Json.send(res, e.code().status(), Map.of("error", error));
    }
}
