package dev.referly.attribution;

/**
 * Whether a conversion still belongs to the click that brought the customer: only while the
 * click is younger than the workspace's window (90 days unless configured).
 */
public final class AttributionWindow {
    public static final int DEFAULT_DAYS = 90;
    private static final long DAY_MILLIS = 86_400_000L;

    private AttributionWindow() {}

    public static boolean covers(long clickAt, long conversionAt, int windowDays) {
        long age = conversionAt - clickAt;
        // A conversion reported a little before its click's timestamp (clock skew between
        // servers) still belongs to it.
        return age <= windowDays * DAY_MILLIS && age >= -DAY_MILLIS;
    }
}
