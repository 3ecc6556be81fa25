package dev.referly.config;

import dev.referly.clicks.ClickDurability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a server process is told. Defaults work on one machine; the CLI layers flags
 * over REFERLY_* environment variables over a properties file (see cli.ConfigDefaults).
 *
 * @param cookieDomains short-link hosts whose redirect sets the {@code dub_id} cookie itself
 *                      ({@code go.acme.com=acme.com}, or just {@code go.acme.com} for its parent
 *                      domain): a CNAME'd tracking domain on the company's site, whose HTTP cookie
 *                      Safari keeps longer than a script's
 * @param rateLimits    requests per window per API key, publishable key and client IP (see RateLimits);
 *                      counted in each process's memory
 */
public record ServerConfig(
        int port,
        String bindHost,
        Path dataDir,
        String databaseUrl,
        String shortDomain,
        Path geoipDb,
        List<String> trustedProxies,
        ClickDurability clickDurability,
        boolean storeIps,
        Duration linkCacheTtl,
        boolean webhookAllowPrivate,
        String stripeApiBase,
        List<String> cookieDomains,
        HttpLimits httpLimits,
        RateLimits rateLimits) {

    public static final String DEFAULT_STRIPE_API_BASE = "https://api.stripe.com";

    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public ServerConfig {
        trustedProxies = List.copyOf(trustedProxies);
        cookieDomains = cookieDomains == null ? List.of() : List.copyOf(cookieDomains);
        httpLimits = httpLimits == null ? HttpLimits.defaults() : httpLimits;
        rateLimits = rateLimits == null ? RateLimits.defaults() : rateLimits;
    }

    public static ServerConfig defaults() {
        return new ServerConfig(8080, "0.0.0.0", Path.of("data"), null, "localhost:8080", null, LOOPBACK,
                ClickDurability.DURABLE, false, Duration.ofSeconds(5), false, DEFAULT_STRIPE_API_BASE, List.of(),
                HttpLimits.defaults(), RateLimits.defaults());
    }

    public ServerConfig withPort(int port) {
        return edit(d -> d.port = port);
    }

    public ServerConfig withDatabaseUrl(String url) {
        return edit(d -> d.databaseUrl = url);
    }

    public ServerConfig withDataDir(Path dir) {
        return edit(d -> d.dataDir = dir);
    }

    public ServerConfig withShortDomain(String domain) {
        return edit(d -> d.shortDomain = domain);
    }

    public ServerConfig withGeoipDb(Path db) {
        return edit(d -> d.geoipDb = db);
    }

    public ServerConfig withClickDurability(ClickDurability durability) {
        return edit(d -> d.clickDurability = durability);
    }

    public ServerConfig withStoreIps(boolean store) {
        return edit(d -> d.storeIps = store);
    }

    public ServerConfig withLinkCacheTtl(Duration ttl) {
        return edit(d -> d.linkCacheTtl = ttl);
    }

    public ServerConfig withTrustedProxies(List<String> cidrs) {
        return edit(d -> d.trustedProxies = cidrs);
    }

    /** Lets webhook endpoints target private, loopback and link-local addresses (tests, internal receivers). */
    public ServerConfig withWebhookAllowPrivate(boolean allow) {
        return edit(d -> d.webhookAllowPrivate = allow);
    }

    /** Where Stripe's API is called (credit provisioning): tests point it at a local stand-in. */
    public ServerConfig withStripeApiBase(String base) {
        return edit(d -> d.stripeApiBase = base);
    }

    public ServerConfig withCookieDomains(List<String> domains) {
        return edit(d -> d.cookieDomains = domains);
    }

    public ServerConfig withHttpLimits(HttpLimits limits) {
        return edit(d -> d.httpLimits = limits);
    }

    /** The rate limits with those named in {@code spec} ({@code sign-in=3/1m,qr=off}) replaced. */
    public ServerConfig withRateLimits(String spec) {
        return edit(d -> d.rateLimits = d.rateLimits.with(spec));
    }

    public ServerConfig withRateLimits(RateLimits limits) {
        return edit(d -> d.rateLimits = limits);
    }

    private ServerConfig edit(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    /** A mutable copy, so each {@code withX} names only the field it changes. */
    private static final class Draft {
        int port;
        String bindHost;
        Path dataDir;
        String databaseUrl;
        String shortDomain;
        Path geoipDb;
        List<String> trustedProxies;
        ClickDurability clickDurability;
        boolean storeIps;
        Duration linkCacheTtl;
        boolean webhookAllowPrivate;
        String stripeApiBase;
        List<String> cookieDomains;
        HttpLimits httpLimits;
        RateLimits rateLimits;

        Draft(ServerConfig c) {
            port = c.port;
            bindHost = c.bindHost;
            dataDir = c.dataDir;
            databaseUrl = c.databaseUrl;
            shortDomain = c.shortDomain;
            geoipDb = c.geoipDb;
            trustedProxies = c.trustedProxies;
            clickDurability = c.clickDurability;
            storeIps = c.storeIps;
            linkCacheTtl = c.linkCacheTtl;
            webhookAllowPrivate = c.webhookAllowPrivate;
            stripeApiBase = c.stripeApiBase;
            cookieDomains = c.cookieDomains;
            httpLimits = c.httpLimits;
            rateLimits = c.rateLimits;
        }

        ServerConfig build() {
            return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                    clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, stripeApiBase, cookieDomains,
                    httpLimits, rateLimits);
        }
    }
}
