package dev.referly.clicks.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Turns a User-Agent header into a {@link ClientInfo} using Yauaa.
 *
 * <p>Yauaa is accurate but expensive: building the analyzer takes a couple of seconds and a few
 * hundred MB of transient allocation, and an uncached parse runs at only a few thousand per second
 * behind an internal lock. Click traffic is dominated by a small set of popular browsers, so we put
 * our own bounded cache in front and share one analyzer per JVM via {@link #shared()}.
 *
 * <p>The {@link ClientInfo#bot()} flag here is Yauaa's robot verdict minus the command-line and
 * library clients that {@link BotDetector} deliberately counts as humans; the crawler and
 * link-unfurler token list is applied by {@link BotDetector#isBot(String, ClientInfo)}.
 */
public final class UserAgentParser {

    /** Popular UAs number in the thousands; 50k leaves room for long-tail versions without unbounded growth. */
    static final int CACHE_SIZE = 50_000;

    /**
     * Real browsers send 100-300 characters. Longer strings are almost always junk or attacks, and
     * caching them would let one client fill the cache with large keys, so they are parsed but not kept.
     */
    static final int MAX_CACHED_LENGTH = 1024;

    private static final String[] FIELDS = {
        UserAgent.DEVICE_CLASS,
        UserAgent.AGENT_NAME,
        UserAgent.AGENT_VERSION,
        UserAgent.OPERATING_SYSTEM_NAME,
        UserAgent.OPERATING_SYSTEM_VERSION,
    };

    /**
     * Yauaa logs a ~15-line banner and load statistics at INFO on every start. We keep a strong
     * reference because JUL only holds loggers weakly and would otherwise forget the level.
     */
    private static final Logger YAUAA_LOGGER = Logger.getLogger("nl.basjes.parse.useragent");

    private final UserAgentAnalyzer analyzer;
    private final Cache<String, ClientInfo> cache;

    /** Builds a private analyzer; prefer {@link #shared()} unless isolation is really needed. */
    public UserAgentParser() {
        quietenYauaaUnlessConfigured();
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .withFields(FIELDS)
                .hideMatcherLoadStats()
                // Yauaa's own cache is replaced by ours so the bound and the cached type (ClientInfo) are ours.
                .withCache(0)
                .build();
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(CACHE_SIZE).build();
    }

    /** The JVM-wide parser, created on first use so processes that never parse UAs don't pay for it. */
    public static UserAgentParser shared() {
        return Shared.INSTANCE;
    }

    // Holder idiom: class initialisation gives lazy, thread-safe, lock-free-after-init creation.
    private static final class Shared {
        static final UserAgentParser INSTANCE = new UserAgentParser();
    }

    /** Never throws and never returns null; a missing or blank header yields {@link ClientInfo#UNKNOWN}. */
    public ClientInfo parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return ClientInfo.UNKNOWN;
        }
        if (userAgent.length() > MAX_CACHED_LENGTH) {
            return parseUncached(userAgent);
        }
        return cache.get(userAgent, this::parseUncached);
    }

    /** Bypasses the cache; visible for measuring Yauaa's raw cost. */
    ClientInfo parseUncached(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return ClientInfo.UNKNOWN;
        }
        UserAgent ua = analyzer.parse(userAgent);
        String deviceClass = ua.getValue(UserAgent.DEVICE_CLASS);
        String browser = known(ua.getValue(UserAgent.AGENT_NAME));
        String browserVersion = known(ua.getValue(UserAgent.AGENT_VERSION));
        String os = friendlyOs(known(ua.getValue(UserAgent.OPERATING_SYSTEM_NAME)));
        String osVersion = known(ua.getValue(UserAgent.OPERATING_SYSTEM_VERSION));

        if (isRobotClass(deviceClass)) {
            if (!BotDetector.isHumanTool(userAgent)) {
                return new ClientInfo(ClientInfo.BOT, browser, browserVersion, os, osVersion, true);
            }
            // Yauaa files curl & co. under "Robot" and places them in the "Cloud"; neither says anything
            // about the machine that actually ran the tool.
            return new ClientInfo(ClientInfo.UNKNOWN_VALUE, browser, browserVersion, null, null, false);
        }
        return new ClientInfo(dubDevice(deviceClass), browser, browserVersion, os, osVersion, false);
    }

    /** Approximate number of cached entries; for metrics and tests. */
    public long cachedEntries() {
        return cache.estimatedSize();
    }

    static boolean isRobotClass(String deviceClass) {
        return switch (deviceClass == null ? "" : deviceClass) {
            // "Hacker" is Yauaa's label for injection attempts and structurally broken UAs: not a person clicking.
            case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> true;
            default -> false;
        };
    }

    /** Maps Yauaa's DeviceClass onto the device names Dub reports (ua-parser-js types, capitalised). */
    static String dubDevice(String deviceClass) {
        return switch (deviceClass == null ? "" : deviceClass) {
            case "Desktop" -> ClientInfo.DESKTOP;
            case "Phone", "Mobile" -> ClientInfo.MOBILE;
            case "Tablet", "eReader" -> ClientInfo.TABLET;
            case "Game Console", "Handheld Game Console" -> ClientInfo.CONSOLE;
            case "TV", "Set-top box" -> ClientInfo.TV;
            case "Watch" -> ClientInfo.WEARABLE;
            case "Virtual Reality", "Augmented Reality" -> ClientInfo.XR;
            case "Car", "Home Appliance", "Voice" -> ClientInfo.EMBEDDED;
            case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> ClientInfo.BOT;
            default -> ClientInfo.UNKNOWN_VALUE; // "Unknown", "Anonymized", and classes added by future Yauaa versions
        };
    }

    /** Yauaa's technical names read oddly in a dashboard; only rename where the friendly name is unambiguous. */
    static String friendlyOs(String yauaaName) {
        return switch (yauaaName) {
            case "Windows NT" -> "Windows";
            // Yauaa's placeholder for "some data centre": not an operating system anyone would filter on.
            case "Cloud" -> ClientInfo.UNKNOWN_VALUE;
            default -> yauaaName;
        };
    }

    /** Yauaa spells "could not tell" several ways; we spell it one way. */
    private static String known(String value) {
        if (value == null || value.isBlank()) {
            return ClientInfo.UNKNOWN_VALUE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "??", "unknown", "hacker" -> ClientInfo.UNKNOWN_VALUE;
            default -> value;
        };
    }

    private static void quietenYauaaUnlessConfigured() {
        // Respect an operator's explicit logging.properties setting; only silence the default banner.
        if (YAUAA_LOGGER.getLevel() == null) {
            YAUAA_LOGGER.setLevel(Level.WARNING);
        }
    }
}
