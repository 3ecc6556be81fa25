package dev.referly.cli;

import dev.referly.App;
import dev.referly.clicks.ClickDurability;
import dev.referly.config.HttpLimits;
import dev.referly.config.RateLimits;
import dev.referly.config.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Referly server.")
final class ServeCommand implements Runnable {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one). Env: REFERLY_PORT.")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    StorageOptions storage;

    @Option(names = "--short-domain", defaultValue = "localhost:8080", description = "Default domain of short links (default: ${DEFAULT-VALUE}).")
    String shortDomain;

    @Option(names = "--geoip-db", description = "A MaxMind-format city database (.mmdb: GeoLite2, DB-IP) for click locations.")
    Path geoipDb;

    @Option(names = "--trusted-proxies", defaultValue = "127.0.0.0/8,::1/128", description = "Comma-separated CIDRs whose X-Forwarded-For is believed (default: ${DEFAULT-VALUE}).")
    String trustedProxies;

    @Option(names = "--click-durability", defaultValue = "durable", description = "durable: answer a redirect once its click is committed; async: answer at once (default: ${DEFAULT-VALUE}).")
    String clickDurability;

    @Option(names = "--store-ips", defaultValue = "false", description = "Store visitors' IP addresses with their clicks (default: ${DEFAULT-VALUE}: only a salted hash is kept).")
    boolean storeIps;

    @Option(names = "--webhook-allow-private", defaultValue = "false", description = "Let webhook endpoints target private, loopback and link-local addresses (default: ${DEFAULT-VALUE}: refused, so webhooks cannot reach the server's own network). Env: REFERLY_WEBHOOK_ALLOW_PRIVATE.")
    boolean webhookAllowPrivate;

    @Option(names = "--stripe-api-base", defaultValue = ServerConfig.DEFAULT_STRIPE_API_BASE, description = "Base URL of Stripe's API, for provisioning credit in Stripe (default: ${DEFAULT-VALUE}). Env: REFERLY_STRIPE_API_BASE.")
    String stripeApiBase;

    @Option(names = "--cookie-domain", defaultValue = "", description = "Comma-separated short-link hosts whose redirects set the dub_id cookie over HTTP: go.acme.com=acme.com (or go.acme.com for its parent domain). Use on a CNAME'd tracking subdomain of the company's site: Safari keeps such cookies longer than script-set ones.")
    String cookieDomains;

    @Option(names = "--rate-limits", defaultValue = "", description = "Comma-separated rate limits replacing the defaults: bucket=count/window or bucket=off, e.g. sign-in=10/1m,qr=off. Buckets: api-key, auth-failure, sign-in, publishable-key, track-ip, embed, qr. Counted per process. Env: REFERLY_RATE_LIMITS.")
    String rateLimits;

    @Option(names = "--link-cache-seconds", defaultValue = "5", description = "How long a process may serve a cached link after another process changed it (default: ${DEFAULT-VALUE}).")
    int linkCacheSeconds;

    @Option(names = "--max-body-bytes", defaultValue = "" + HttpLimits.DEFAULT_MAX_BODY_BYTES, description = "Largest request body; larger ones are answered 413 before they are read (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-header-bytes", defaultValue = "" + HttpLimits.DEFAULT_MAX_HEAD_BYTES, description = "Largest request head (request line and headers); larger ones are answered 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaderBytes;

    @Option(names = "--max-json-depth", defaultValue = "" + HttpLimits.DEFAULT_MAX_JSON_DEPTH, description = "Deepest nesting of objects and arrays accepted in a JSON body (default: ${DEFAULT-VALUE}).")
    int maxJsonDepth;

    @Option(names = "--header-timeout-seconds", defaultValue = "20", description = "Seconds a request head may take to arrive before the connection is closed (default: ${DEFAULT-VALUE}).")
    int headerTimeoutSeconds;

    static ServerConfig storageConfig(StorageOptions storage) {
        return ServerConfig.defaults().withDatabaseUrl(storage.databaseUrl)
                .withDataDir(storage.dataDir);
    }

    @Override
    public void run() {
        ServerConfig config = new ServerConfig(port, host, storage.dataDir, storage.databaseUrl, shortDomain, geoipDb,
                Arrays.stream(trustedProxies.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                ClickDurability.valueOf(clickDurability.strip().toUpperCase(java.util.Locale.ROOT)), storeIps,
                Duration.ofSeconds(linkCacheSeconds), webhookAllowPrivate, stripeApiBase,
                Arrays.stream(cookieDomains.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                new HttpLimits(maxBodyBytes, maxHeaderBytes, maxJsonDepth, Duration.ofSeconds(headerTimeoutSeconds)),
                RateLimits.defaults().with(rateLimits));
        App app = App.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        System.out.println("Referly is listening on http://localhost:" + app.port()
                + " (short links on " + shortDomain + ", database " + app.database().url().describe() + ")");
        app.bootstrapped().ifPresent(created -> System.out.println(
                "Created workspace " + created.workspace().id() + ". Its API key (shown once):\n  " + created.apiKey()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
