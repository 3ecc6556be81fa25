package dev.referly.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The city databases the tests geo-locate clicks with, built once per JVM by {@link MmdbWriter}
 * into a temporary folder. The networks are documentation-sized examples; the places are what the
 * tests assert (81.2.69.x is London, 216.160.83.56 Milton WA, 89.160.20.112 Linköping, ...).
 */
public final class GeoIpTestDatabase {
    private static Path city;
    private static Path geoLite;

    private GeoIpTestDatabase() {}

    /** A GeoIP2-City database with every test network. */
    public static synchronized Path city() {
        if (city == null) {
            MmdbWriter db = new MmdbWriter("GeoIP2-City");
            db.insert("81.2.69.0/24", place("GB", "EU", "London", "ENG"));
            db.insert("2.125.160.216/29", place("GB", "EU", "Boxford", "ENG", "WBK"));
            db.insert("216.160.83.56/29", place("US", "NA", "Milton", "WA"));
            db.insert("89.160.20.112/28", place("SE", "EU", "Linköping", "E"));
            db.insert("175.16.199.0/24", place("CN", "AS", "Changchun", "22"));
            db.insert("67.43.156.0/24", place("BT", "AS", null));
            db.insert("2001:218::/32", place("JP", "AS", null));
            city = write("GeoIP2-City-Test", db);
        }
        return city;
    }

    /** A GeoLite2-City database (another database_type) that knows only London. */
    public static synchronized Path geoLite() {
        if (geoLite == null) {
            geoLite = write("GeoLite2-City-Test", new MmdbWriter("GeoLite2-City")
                    .insert("81.2.69.0/24", place("GB", "EU", "London", "ENG")));
        }
        return geoLite;
    }

    /** A record shaped like GeoIP2 City's: continent, country, and optionally city and subdivisions. */
    private static Map<String, Object> place(String country, String continent, String cityName, String... subdivisions) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("continent", Map.of("code", continent));
        record.put("country", Map.of("iso_code", country, "names", Map.of("en", country)));
        if (cityName != null) {
            record.put("city", Map.of("names", Map.of("en", cityName)));
        }
        if (subdivisions.length > 0) {
            record.put("subdivisions", List.of(subdivisions).stream()
                    .map(code -> (Object) Map.of("iso_code", code)).toList());
        }
        return record;
    }

    private static Path write(String name, MmdbWriter db) {
        try {
            Path dir = Files.createTempDirectory("referly-geoip-");
            Path file = dir.resolve(name + ".mmdb");
            Files.write(file, db.toBytes());
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
