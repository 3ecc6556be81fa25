package dev.referly.clicks.enrich;

/**
 * Where a click came from, in the codes Dub's analytics use.
 *
 * @param country   ISO 3166-1 alpha-2, e.g. "GB"
 * @param city      English city name, e.g. "London"
 * @param region    ISO 3166-2 subdivision with its country prefix, e.g. "GB-ENG", "US-WA"
 * @param continent two-letter continent code, e.g. "EU", "NA"
 */
public record GeoLocation(String country, String city, String region, String continent) {

    public static final String UNKNOWN_VALUE = "Unknown";

    /** Used whenever a lookup is impossible or fails, so callers never deal with nulls. */
    public static final GeoLocation UNKNOWN =
            new GeoLocation(UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE);

    public GeoLocation {
        country = orUnknown(country);
        city = orUnknown(city);
        region = orUnknown(region);
        continent = orUnknown(continent);
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN_VALUE : value;
    }
}
