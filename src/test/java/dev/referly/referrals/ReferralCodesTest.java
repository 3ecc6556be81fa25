package dev.referly.referrals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.shared.ApiException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferralCodesTest {

    @Test
    void generatedCodesAreEightUnambiguousCharactersAndRarelyCollide() {
        Random random = new Random(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = ReferralCodes.generate(random);
            assertThat(code).hasSize(8).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}");
            assertThat(code).doesNotContain("0", "O", "1", "I", "L");
            seen.add(code);
        }
        assertThat(seen).hasSize(10_000);
    }

    @ParameterizedTest
    @CsvSource({"abcd2345,ABCD2345", "'  AbCd2345 ',ABCD2345", "alex-20,ALEX-20"})
    void codesAreCaseInsensitive(String typed, String stored) {
        assertThat(ReferralCodes.normalize(typed)).isEqualTo(stored);
    }

    @Test
    void blankIsNoCode() {
        assertThat(ReferralCodes.normalize("  ")).isNull();
        assertThat(ReferralCodes.normalize(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"alex,ALEX", "Alex_2024,ALEX_2024", "summer-sale,SUMMER-SALE"})
    void vanityCodesAreAccepted(String typed, String stored) {
        assertThat(ReferralCodes.vanity(typed)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-alex", "alex!", "a b c", "averyveryveryveryveryverylongcode1"})
    void badVanityCodesAre422(String typed) {
        assertThatThrownBy(() -> ReferralCodes.vanity(typed)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("code");
    }
}
