package dev.referly.links;

/** A short domain's URLs as the API and the dashboard show them. */
public final class ShortUrls {
    private ShortUrls() {}

    public static String of(String domain, String key) {
        return base(domain) + "/" + key;
    }

    /** Plain http for local and port-qualified hosts (development set-ups); https everywhere else. */
    public static String base(String domain) {
        boolean local = domain.startsWith("localhost") || domain.startsWith("127.") || domain.contains(".localhost")
                || domain.contains(":");
        return (local ? "http://" : "https://") + domain;
    }
}
