package dev.referly.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsArePrefixedAndSortByCreationTime() {
        String earlier = Ids.newId("link_", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        String later = Ids.newId("link_", Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC));
        assertThat(earlier).startsWith("link_").hasSize(5 + 26);
        assertThat(earlier.compareTo(later)).isNegative();
    }

    @Test
    void laterClickIdsSortAfterEarlierOnes() {
        String earlier = Ids.clickId(1_790_000_000_000L);
        String later = Ids.clickId(1_790_000_000_001L);
        assertThat(earlier.substring(0, 7).compareTo(later.substring(0, 7))).isNegative();
        assertThat(Ids.clickId(0).substring(0, 7)).isEqualTo("0000000");
    }

    @Test
    void ulidTimePartEncodesMilliseconds() {
        assertThat(Ids.ulid(0).substring(0, 10)).isEqualTo("0000000000");
        assertThat(Ids.ulid(1).substring(0, 10)).isEqualTo("0000000001");
        assertThat(Ids.ulid(32).substring(0, 10)).isEqualTo("0000000010");
    }

    @Test
    void clickIdsAreSixteenAlphanumericsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.clickId(1_790_000_000_000L + i);
            assertThat(id).matches("[A-Za-z0-9]{16}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
