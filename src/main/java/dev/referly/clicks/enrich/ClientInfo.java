package dev.referly.clicks.enrich;

/**
 * What a click's User-Agent says about the client, in the vocabulary Dub's analytics use
 * ("Desktop", "Mobile", "Chrome", "iOS", ...), so exported click events line up with Dub's.
 *
 * <p>Every string is non-null; anything we could not determine is {@link #UNKNOWN_VALUE},
 * which keeps group-by queries free of null buckets.
 */
public record ClientInfo(
        String device,
        String browser,
        String browserVersion,
        String os,
        String osVersion,
        boolean bot) {

    public static final String UNKNOWN_VALUE = "Unknown";

    public static final String DESKTOP = "Desktop";
    public static final String MOBILE = "Mobile";
    public static final String TABLET = "Tablet";
    public static final String CONSOLE = "Console";
    public static final String TV = "TV";
    public static final String WEARABLE = "Wearable";
    public static final String XR = "XR";
    public static final String EMBEDDED = "Embedded";
    public static final String BOT = "Bot";

    /** A client we know nothing about; deliberately not a bot, so an absent header still counts as a click. */
    public static final ClientInfo UNKNOWN =
            new ClientInfo(UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE, false);

    public ClientInfo {
        device = orUnknown(device);
        browser = orUnknown(browser);
        browserVersion = orUnknown(browserVersion);
        os = orUnknown(os);
        osVersion = orUnknown(osVersion);
    }

    /** Same client, but flagged as a bot (device becomes "Bot" so device breakdowns separate them). */
    public ClientInfo asBot() {
        return bot && BOT.equals(device) ? this : new ClientInfo(BOT, browser, browserVersion, os, osVersion, true);
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN_VALUE : value;
    }
}
