package dev.referly.clicks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.referly.clicks.enrich.BotDetector;
import dev.referly.clicks.enrich.ClientInfo;
import dev.referly.clicks.enrich.GeoLocation;
import dev.referly.clicks.enrich.GeoLocator;
import dev.referly.clicks.enrich.IpHasher;
import dev.referly.clicks.enrich.UserAgentParser;
import dev.referly.shared.Ids;
import dev.referly.storage.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a visit into a stored click: drops bots, describes the visitor (place, device,
 * referrer, UTM, QR), recognises a repeat visitor inside the one-hour window, and hands the
 * click to the group-commit writer.
 */
public final class ClickRecorder implements AutoCloseable {
    private record Window(String clickId, long openedAt) {}

    private final ClickDurability durability;
    private final GeoLocator geo;
    private final UserAgentParser userAgents;
    private final BotDetector bots = new BotDetector();
    private final byte[] visitorSalt;
    private final boolean storeIps;
    private final Clock clock;
    private final ClickWriter writer;
    // Windows this process has seen: a repeat click here needs no database work at all.
    private final Cache<String, Window> windows =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(ClickWriter.WINDOW_MILLIS)).maximumSize(500_000).build();

    public ClickRecorder(Database database, ClickDurability durability, GeoLocator geo, UserAgentParser userAgents,
            byte[] visitorSalt, boolean storeIps, Clock clock) {
        this.durability = durability;
        this.geo = geo;
        this.userAgents = userAgents;
        this.visitorSalt = visitorSalt.clone();
        this.storeIps = storeIps;
        this.clock = clock;
        this.writer = new ClickWriter(database, 100_000,
                (linkId, visitor, clickId, openedAt) -> windows.put(linkId + '|' + visitor, new Window(clickId, openedAt)));
    }

    public ClickDurability durability() {
        return durability;
    }

    /**
     * Records the visit unless it comes from a bot. The future completes with the click id:
     * once the click is committed (durable mode) or at once (async mode).
     */
    public Optional<CompletableFuture<String>> record(Visit visit) {
        String ua = visit.userAgent() == null ? "" : visit.userAgent();
        ClientInfo client = userAgents.parse(ua);
        if (bots.isBot(ua, client)) {
            return Optional.empty();
        }
        long now = clock.millis();
        String visitor = IpHasher.hash(visitorSalt, visit.ip() == null ? "" : visit.ip(), ua);
        Window open = windows.getIfPresent(visit.linkId() + '|' + visitor);
        if (open != null && now - open.openedAt() < ClickWriter.WINDOW_MILLIS) {
            return Optional.of(CompletableFuture.completedFuture(open.clickId()));
        }
        Click click = describe(visit, client, visitor, now);
        if (durability == ClickDurability.ASYNC) {
            windows.put(visit.linkId() + '|' + visitor, new Window(click.id(), now));
            writer.submit(click, true);
            return Optional.of(CompletableFuture.completedFuture(click.id()));
        }
        return Optional.of(writer.submit(click, false));
    }

    private Click describe(Visit visit, ClientInfo client, String visitor, long now) {
        GeoLocation place = locate(visit.ip());
        String refererUrl = visit.referer() == null || visit.referer().isBlank() ? null : visit.referer();
        Click.Utm utm = new Click.Utm(visit.param("utm_source"), visit.param("utm_medium"),
                visit.param("utm_campaign"), visit.param("utm_term"), visit.param("utm_content"));
        return new Click(Ids.clickId(), visit.workspaceId(), visit.linkId(), now, visit.destination(),
                place.country(), place.city(), place.region(), place.continent(),
                client.device(), client.browser(), client.browserVersion(), client.os(), client.osVersion(),
                visit.userAgent() == null ? "" : visit.userAgent(),
                refererHost(refererUrl), refererUrl == null ? "(direct)" : refererUrl,
                utm, "1".equals(visit.param("qr")) ? "qr" : "link",
                storeIps ? visit.ip() : null, visitor, visit.rawQuery());
    }

    private GeoLocation locate(String ip) {
        if (ip == null || ip.isEmpty()) {
            return GeoLocation.UNKNOWN;
        }
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            return GeoLocation.UNKNOWN;
        }
        try {
            // Only literal addresses get here, which InetAddress parses without a DNS lookup.
            return geo.locate(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            return GeoLocation.UNKNOWN;
        }
    }

    static String refererHost(String refererUrl) {
        if (refererUrl == null) {
            return "(direct)";
        }
        try {
            String host = URI.create(refererUrl.strip()).getHost();
            if (host == null || host.isEmpty()) {
                return "(direct)";
            }
            return host.startsWith("www.") ? host.substring(4) : host;
        } catch (IllegalArgumentException malformed) {
            return "(direct)";
        }
    }

    int queued() {
        return writer.queued();
    }

    @Override
    public void close() {
        writer.close();
    }
}
