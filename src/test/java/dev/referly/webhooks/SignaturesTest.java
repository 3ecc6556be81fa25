package dev.referly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignaturesTest {

    /** Vectors computed independently (Python's hmac); the first is Standard Webhooks' published example. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | {"test": 2432232314} | 80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c
            whsec_abc                              | ''                   | 72772b8935251da52ff4c4405ad33ff2ca5108076410b4db709c619d853f04aa
            whsec_ü                                | {"name":"Zoë"}       | 132418ba566f7b5ca6108fa9cd40ac3cc21ddcbf3276ac285f9f03ea9d173568
            """)
    void dubSignatureIsHexHmacOfTheBodyKeyedWithTheWholeSecret(String secret, String body, String expected) {
        assertThat(Signatures.dub(secret, body.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void standardSignatureMatchesTheStandardWebhooksExample() {
        assertThat(Signatures.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsAreWhsecAndThirtyTwoBytesOfBase64() {
        String a = Signatures.newSecret();
        String b = Signatures.newSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }
}
