package dev.referly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void namedLimitsReplaceTheDefaultsAndOthersStay() {
        RateLimits limits = RateLimits.defaults().with("sign-in=3/30s, qr=off,api-key=100/1h");
        assertThat(limits.of(RateLimits.Bucket.SIGN_IN)).isEqualTo(new RateLimits.Limit(3, Duration.ofSeconds(30)));
        assertThat(limits.of(RateLimits.Bucket.QR).unlimited()).isTrue();
        assertThat(limits.of(RateLimits.Bucket.API_KEY)).isEqualTo(new RateLimits.Limit(100, Duration.ofHours(1)));
        assertThat(limits.of(RateLimits.Bucket.EMBED)).isEqualTo(RateLimits.defaults().of(RateLimits.Bucket.EMBED));
        assertThat(RateLimits.defaults().with("").limits()).isEqualTo(RateLimits.defaults().limits());
    }

    @Test
    void badSpecsAreRefusedWithTheirText() {
        assertThatThrownBy(() -> RateLimits.defaults().with("redirects=1/1m")).hasMessageContaining("redirects");
        assertThatThrownBy(() -> RateLimits.defaults().with("qr=many")).hasMessageContaining("many");
        assertThatThrownBy(() -> RateLimits.defaults().with("qr=-1/1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimits.defaults().with("qr")).isInstanceOf(IllegalArgumentException.class);
    }
}
