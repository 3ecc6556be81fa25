package dev.referly.clicks.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.testing.GeoIpTestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeoLocatorTest {

    /** Built by the tests' own MaxMind DB writer: nothing outside the repository is read. */
    static final Path TEST_DB = GeoIpTestDatabase.city();
    static final Path GEO_LITE_DB = GeoIpTestDatabase.geoLite();

    private static GeoLocator locator;

    @BeforeAll
    static void openDatabase() throws IOException {
        assertThat(TEST_DB).as("test fixture").isRegularFile();
        locator = GeoLocator.open(TEST_DB);
    }

    @AfterAll
    static void closeDatabase() throws IOException {
        locator.close();
    }

    static Stream<Arguments> knownAddresses() {
        return Stream.of(
                Arguments.of("81.2.69.142", new GeoLocation("GB", "London", "GB-ENG", "EU")),
                Arguments.of("216.160.83.56", new GeoLocation("US", "Milton", "US-WA", "NA")),
                // Boxford has two subdivision levels (England, West Berkshire); we report the first, as Dub does.
                Arguments.of("2.125.160.216", new GeoLocation("GB", "Boxford", "GB-ENG", "EU")),
                Arguments.of("89.160.20.112", new GeoLocation("SE", "Linköping", "SE-E", "EU")),
                Arguments.of("175.16.199.1", new GeoLocation("CN", "Changchun", "CN-22", "AS")),
                // Country-level entry without city or subdivision: the missing parts are Unknown, not null.
                Arguments.of("67.43.156.1", new GeoLocation("BT", "Unknown", "Unknown", "AS")),
                Arguments.of("2001:218::1", new GeoLocation("JP", "Unknown", "Unknown", "AS")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("knownAddresses")
    void locatesKnownAddresses(String ip, GeoLocation expected) throws UnknownHostException {
        assertThat(locator.locate(InetAddress.getByName(ip))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "127.0.0.1", "::1", "10.1.2.3", "192.168.1.10", "172.16.0.1", "169.254.1.1", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "fd00::1", "fe80::1",
        "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", // public, but not in the test database
    })
    void unknownForNonPublicAndUnmappedAddresses(String ip) throws UnknownHostException {
        assertThat(locator.locate(InetAddress.getByName(ip))).isSameAs(GeoLocation.UNKNOWN);
    }

    @Test
    void unknownForNullAddress() {
        assertThat(locator.locate(null)).isSameAs(GeoLocation.UNKNOWN);
    }

    @Test
    void withoutDatabaseEverythingIsUnknown() throws Exception {
        try (GeoLocator disabled = GeoLocator.open(null)) {
            assertThat(disabled.enabled()).isFalse();
            assertThat(disabled.locate(InetAddress.getByName("81.2.69.142"))).isSameAs(GeoLocation.UNKNOWN);
        }
    }

    @Test
    void lookupsAfterCloseDegradeInsteadOfThrowing() throws Exception {
        GeoLocator closed = GeoLocator.open(TEST_DB);
        closed.close();

        assertThat(closed.locate(InetAddress.getByName("81.2.69.142"))).isSameAs(GeoLocation.UNKNOWN);
    }

    @Test
    void geoLite2FlavourWorksToo() throws Exception {
        try (GeoLocator lite = GeoLocator.open(GEO_LITE_DB)) {
            assertThat(lite.locate(InetAddress.getByName("81.2.69.142")).country()).isEqualTo("GB");
        }
    }

    @Test
    void missingDatabaseFailsAtOpen(@TempDir Path dir) {
        assertThatThrownBy(() -> GeoLocator.open(dir.resolve("nope.mmdb"))).isInstanceOf(IOException.class);
    }

    @Test
    void notAMaxMindFileFailsAtOpen(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");

        assertThatThrownBy(() -> GeoLocator.open(junk)).isInstanceOf(IOException.class);
    }

    @Test
    void unknownPartsAreNeverNull() {
        GeoLocation partial = new GeoLocation("GB", null, " ", null);

        assertThat(partial).isEqualTo(new GeoLocation("GB", "Unknown", "Unknown", "Unknown"));
    }
}
