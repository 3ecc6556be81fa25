package dev.referly.clicks.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Looks up the {@link GeoLocation} of a client IP in a MaxMind-format city database
 * (GeoIP2/GeoLite2 City, DB-IP City Lite, ...).
 *
 * <p>Geo data is a nice-to-have on a click: a lookup must never fail the redirect, so every
 * lookup problem degrades to {@link GeoLocation#UNKNOWN}. Opening a database, on the other hand,
 * fails loudly, because a wrong path is an operator mistake that should surface at start-up.
 * Self-hosters without a database pass {@code null} and get a locator that always answers UNKNOWN.
 */
public final class GeoLocator implements AutoCloseable {

    private static final GeoLocator DISABLED = new GeoLocator(null);

    /** Null when no database is configured. */
    private final DatabaseReader reader;

    private GeoLocator(DatabaseReader reader) {
        this.reader = reader;
    }

    /**
     * @param mmdbOrNull path to a city .mmdb file, or null to disable geo-location
     * @throws IOException              if the file cannot be opened or is not a MaxMind DB
     * @throws IllegalArgumentException if the file is a valid MaxMind DB but has no city data
     */
    public static GeoLocator open(Path mmdbOrNull) throws IOException {
        if (mmdbOrNull == null) {
            return DISABLED;
        }
        DatabaseReader reader = new DatabaseReader.Builder(mmdbOrNull.toFile())
                .withCache(new CHMCache())
                .locales(List.of("en"))
                .build();
        String type = reader.metadata().databaseType();
        // A Country or ASN database would make every tryCity() throw; reject it now rather than per click.
        if (type == null || !(type.contains("City") || type.contains("Enterprise"))) {
            reader.close();
            throw new IllegalArgumentException(
                    "Not a city database: " + mmdbOrNull + " (type " + type + ")");
        }
        return new GeoLocator(reader);
    }

    /** Whether a database is configured; lets callers skip work such as header parsing when it isn't. */
    public boolean enabled() {
        return reader != null;
    }

    /** Never throws; UNKNOWN for null, private, loopback and unmapped addresses or any lookup error. */
    public GeoLocation locate(InetAddress ip) {
        if (reader == null || ip == null || isNonPublic(ip)) {
            return GeoLocation.UNKNOWN;
        }
        try {
            Optional<CityResponse> response = reader.tryCity(ip);
            return response.map(GeoLocator::toLocation).orElse(GeoLocation.UNKNOWN);
        } catch (Exception e) {
            // Corrupt sections, a closed reader or decoder bugs: losing geo for one click beats losing the click.
            return GeoLocation.UNKNOWN;
        }
    }

    private static GeoLocation toLocation(CityResponse r) {
        String country = r.country() == null ? null : r.country().isoCode();
        String city = r.city() == null ? null : r.city().name();
        String continent = r.continent() == null ? null : r.continent().code();
        return new GeoLocation(country, city, region(country, r.subdivisions()), continent);
    }

    /**
     * Dub reports the first-level subdivision (England, not West Berkshire), prefixed with the
     * country so codes like "WA" are unambiguous across countries.
     */
    private static String region(String country, List<Subdivision> subdivisions) {
        if (country == null || subdivisions == null || subdivisions.isEmpty()) {
            return null;
        }
        String code = subdivisions.getFirst().isoCode();
        return code == null || code.isBlank() ? null : country + "-" + code.toUpperCase(Locale.ROOT);
    }

    /**
     * Addresses that can never be in a geo database. Checking them up front saves a tree walk and keeps
     * behind-a-proxy misconfigurations (every click from 10.x or 127.0.0.1) obviously "Unknown".
     */
    static boolean isNonPublic(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isAnyLocalAddress() || ip.isLinkLocalAddress()
                || ip.isSiteLocalAddress() || ip.isMulticastAddress()) {
            return true;
        }
        byte[] a = ip.getAddress();
        if (ip instanceof Inet6Address) {
            return (a[0] & 0xfe) == 0xfc; // fc00::/7 unique local; isSiteLocalAddress() only knows fec0::/10
        }
        return (a[0] & 0xff) == 100 && (a[1] & 0xc0) == 64; // 100.64.0.0/10 carrier-grade NAT
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
