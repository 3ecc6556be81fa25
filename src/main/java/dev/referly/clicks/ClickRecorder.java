package dev.referly.clicks;

import dev.referly.clicks.enrich.BotDetector;
import dev.referly.clicks.enrich.ClientInfo;
import dev.referly.clicks.enrich.GeoLocation;
import dev.referly.clicks.enrich.GeoLocator;
import dev.referly.clicks.enrich.IpHasher;
import dev.referly.clicks.enrich.UserAgentParser;
import dev.referly.shared.Ids;
import dev.referly.shared.IpLiteral;
import dev.referly.storage.Database;
import dev.referly.storage.Dialect;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a visit into a stored click: drops bots, describes the visitor (place, device,
 * referrer, UTM, QR), recognises a repeat visitor inside the one-hour window, and hands the
 * click to the group-commit writer.
 */
public final class ClickRecorder implements AutoCloseable {
    /** Windows kept in memory (at most ~80 MB); past that, the oldest nearby make room, as a cache would. */
    private static final int MAX_WINDOWS = 1 << 20;
    private final ClickDurability durability;
    private final GeoLocator geo;
    private final UserAgentParser userAgents;
    private final BotDetector bots = new BotDetector();
    private final byte[] visitorSalt;
    private final boolean storeIps;
    private final Clock clock;
    private final ClickWriter writer;
    // Windows this process has seen: a repeat click here needs no database work at all.
    private final VisitorWindows windows = new VisitorWindows(ClickWriter.WINDOW_MILLIS, MAX_WINDOWS);

    public ClickRecorder(Database database, ClickDurability durability, GeoLocator geo, UserAgentParser userAgents,
            byte[] visitorSalt, boolean storeIps, Clock clock) {
        this(database, durability, geo, userAgents, visitorSalt, storeIps, clock, CommittedClicks.NONE);
    }

    /** {@code committed}: told of each commit's clicks on SQLite (see {@link CommittedClicks}). */
    public ClickRecorder(Database database, ClickDurability durability, GeoLocator geo, UserAgentParser userAgents,
            byte[] visitorSalt, boolean storeIps, Clock clock, CommittedClicks committed) {
        this.durability = durability;
        this.geo = geo;
        this.userAgents = userAgents;
        this.visitorSalt = visitorSalt.clone();
        this.storeIps = storeIps;
        this.clock = clock;
        // SQLite belongs to one process, so this process's memory is the whole truth about open
        // windows (rebuilt from the last hour of clicks at start-up). Processes sharing PostgreSQL
        // also consult the database's window table.
        boolean shared = database.dialect() == Dialect.POSTGRES;
        this.writer = new ClickWriter(database, 100_000, shared, committed);
        if (!shared) {
            // oldest first, so the newest click of a visitor is the one left in the map
            java.util.List<RecentClicks.Recent> recent = RecentClicks.since(database, clock.millis() - ClickWriter.WINDOW_MILLIS);
            for (int i = recent.size() - 1; i >= 0; i--) {
                RecentClicks.Recent c = recent.get(i);
                windows.put(VisitorWindows.Key.of(c.linkId(), c.visitorHash()), c.timestamp(), c.id());
            }
        }
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
        VisitorWindows.Key key = VisitorWindows.Key.of(visit.linkId(), visitor);
        CompletableFuture<String> open = windows.open(key, now);
        if (open != null) {
            return Optional.of(open);
        }
        Click click = describe(visit, client, visitor, now);
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> first = windows.reserve(key, now, mine);
        if (first != null) {
            return Optional.of(first);
        }
        if (durability == ClickDurability.ASYNC) {
            windows.stored(key, now, click.id(), mine);
            mine.complete(click.id());
            writer.submit(click, true);
            return Optional.of(mine);
        }
        writer.submit(click, false).whenComplete((id, failure) -> {
            if (failure != null) {
                windows.failed(key, mine);
                mine.completeExceptionally(failure);
            } else {
                windows.stored(key, now, id, mine);
                mine.complete(id);
            }
        });
        return Optional.of(mine);
    }

    /**
     * Records a click that is not a browser's visit of the short link: a referral code typed at
     * signup or checkout, reported by the company's backend. Every call is its own click (the
     * repeat-visitor window would fold all of one backend's calls into one) and none is a bot's.
     */
    public CompletableFuture<String> recordEach(Visit visit) {
        String ua = visit.userAgent() == null ? "" : visit.userAgent();
        long now = clock.millis();
        String visitor = IpHasher.hash(visitorSalt, visit.ip() == null ? "" : visit.ip(), ua);
        Click click = describe(visit, userAgents.parse(ua), visitor, now);
        boolean async = durability == ClickDurability.ASYNC;
        CompletableFuture<String> stored = writer.submit(click, async);
        return async ? CompletableFuture.completedFuture(click.id()) : stored;
    }

    /** The salted hash of an IP address alone, as the referral anti-abuse rules compare visitors. */
    public String ipHash(String ip) {
        return ip == null || ip.isBlank() ? null : IpHasher.hash(visitorSalt, ip, "");
    }

    private Click describe(Visit visit, ClientInfo client, String visitor, long now) {
        GeoLocation place = locate(visit.ip());
        String refererUrl = visit.referer() == null || visit.referer().isBlank() ? null : visit.referer();
        Click.Utm utm = new Click.Utm(visit.param("utm_source"), visit.param("utm_medium"),
                visit.param("utm_campaign"), visit.param("utm_term"), visit.param("utm_content"));
        return new Click(Ids.clickId(now), visit.workspaceId(), visit.linkId(), now, visit.destination(),
                place.country(), place.city(), place.region(), place.continent(),
                client.device(), client.browser(), client.browserVersion(), client.os(), client.osVersion(),
                visit.userAgent() == null ? "" : visit.userAgent(),
                refererHost(refererUrl), refererUrl == null ? "(direct)" : refererUrl,
                utm, "1".equals(visit.param("qr")) ? "qr" : "link",
                storeIps ? visit.ip() : null, visitor, visit.rawQuery());
    }

    private GeoLocation locate(String ip) {
        byte[] address = ip == null || !geo.enabled() ? null : IpLiteral.parse(ip);
        if (address == null) {
            return GeoLocation.UNKNOWN;
        }
        try {
            return geo.locate(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return GeoLocation.UNKNOWN; // not 4 or 16 bytes: cannot happen for a parsed literal
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

    @Override
    public void close() {
        writer.close();
    }
}
