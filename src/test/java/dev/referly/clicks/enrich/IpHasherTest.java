package dev.referly.clicks.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpHasherTest {

    private static final byte[] SALT = "installation-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SALT = "another-secret".getBytes(StandardCharsets.UTF_8);
    private static final String UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0 Safari/537.36";

    @Test
    void sameInputGivesSameHash() {
        assertThat(IpHasher.hash(SALT, "81.2.69.142", UA)).isEqualTo(IpHasher.hash(SALT, "81.2.69.142", UA));
    }

    @Test
    void isThirtyTwoLowercaseHexCharacters() {
        assertThat(IpHasher.hash(SALT, "2001:db8::1", UA)).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void differentSaltGivesDifferentHash() {
        assertThat(IpHasher.hash(SALT, "81.2.69.142", UA)).isNotEqualTo(IpHasher.hash(OTHER_SALT, "81.2.69.142", UA));
    }

    @Test
    void differentIpOrUserAgentGivesDifferentHash() {
        String base = IpHasher.hash(SALT, "81.2.69.142", UA);

        assertThat(IpHasher.hash(SALT, "81.2.69.143", UA)).isNotEqualTo(base);
        assertThat(IpHasher.hash(SALT, "81.2.69.142", UA + " Edg/131.0.0.0")).isNotEqualTo(base);
    }

    @Test
    void separatorKeepsIpAndUserAgentApart() {
        assertThat(IpHasher.hash(SALT, "1.2.3.4", "5x")).isNotEqualTo(IpHasher.hash(SALT, "1.2.3.45", "x"));
    }

    @Test
    void isTheDocumentedConstruction() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(SALT);
        sha.update("81.2.69.142".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(UA.getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(sha.digest()).substring(0, 32);

        assertThat(IpHasher.hash(SALT, "81.2.69.142", UA)).isEqualTo(expected);
    }

    @Test
    void missingIpOrUserAgentHashAsEmpty() {
        assertThat(IpHasher.hash(SALT, null, null)).isEqualTo(IpHasher.hash(SALT, "", ""));
    }

    @Test
    void refusesToHashWithoutSalt() {
        assertThatThrownBy(() -> IpHasher.hash(null, "81.2.69.142", UA)).isInstanceOf(IllegalArgumentException.class);
    }
}
