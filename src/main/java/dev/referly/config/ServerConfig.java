package dev.referly.config;

import dev.referly.clicks.ClickDurability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a server process is told. Defaults work on one machine; the CLI layers flags
 * over REFERLY_* environment variables over a properties file (see cli.ConfigDefaults).
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
        List<String> cookieDomains) {

    /**
     * {@code cookieDomains}: short-link hosts whose redirect sets the {@code dub_id} cookie itself
     * ({@code go.acme.com=acme.com}, or just {@code go.acme.com} for its parent domain): a CNAME'd
     * tracking domain on the company's site, whose HTTP cookie Safari keeps longer than a script's.
     */
    public ServerConfig(int port, String bindHost, Path dataDir, String databaseUrl, String shortDomain, Path geoipDb,
            List<String> trustedProxies, ClickDurability clickDurability, boolean storeIps, Duration linkCacheTtl,
            boolean webhookAllowPrivate) {
        this(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies, clickDurability, storeIps,
                linkCacheTtl, webhookAllowPrivate, List.of());
    }

    public ServerConfig withCookieDomains(List<String> domains) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, List.copyOf(domains));
    }

    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public static ServerConfig defaults() {
        return new ServerConfig(8080, "0.0.0.0", Path.of("data"), null, "localhost:8080", null, LOOPBACK,
                ClickDurability.DURABLE, false, Duration.ofSeconds(5), false);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(newPort, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withDatabaseUrl(String url) {
        return new ServerConfig(port, bindHost, dataDir, url, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(port, bindHost, dir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withShortDomain(String domain) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, domain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withGeoipDb(Path db) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, db, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withClickDurability(ClickDurability durability) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                durability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withStoreIps(boolean store) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, store, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withLinkCacheTtl(Duration ttl) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, ttl, webhookAllowPrivate, cookieDomains);
    }

    public ServerConfig withTrustedProxies(List<String> cidrs) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, cidrs,
                clickDurability, storeIps, linkCacheTtl, webhookAllowPrivate, cookieDomains);
    }

    /** Lets webhook endpoints target private, loopback and link-local addresses (tests, internal receivers). */
    public ServerConfig withWebhookAllowPrivate(boolean allow) {
        return new ServerConfig(port, bindHost, dataDir, databaseUrl, shortDomain, geoipDb, trustedProxies,
                clickDurability, storeIps, linkCacheTtl, allow, cookieDomains);
    }
}
