package dev.referly.dashboard;

/** A link's short URL as the API writes it (plain http for local and port-qualified hosts). */
final class ShortLinks {
    private ShortLinks() {}

    static String of(String domain, String key) {
        boolean local = domain.startsWith("localhost") || domain.startsWith("127.") || domain.contains(".localhost")
                || domain.contains(":");
        return (local ? "http://" : "https://") + domain + "/" + key;
    }
}
