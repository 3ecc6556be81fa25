package dev.referly.dashboard;

import dev.referly.storage.InstanceSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF tokens of the sign-in and setup forms, which have no session to hold a token: a
 * double-submit pair (cookie and field) whose value the server signed, {@code nonce.expiry.mac}.
 * A plain random pair would accept any value an attacker plants in both places, e.g. a cookie
 * tossed from a sibling subdomain; a signed one accepts only what this installation issued, and
 * only for an hour. The key is shared through the database, so every process accepts the
 * tokens of the others.
 */
final class SignInTokens {
    static final long LIFETIME_MILLIS = 3_600_000L;
    private static final int MAX_LENGTH = 200;

    private final InstanceSettings settings;
    private final Clock clock;
    private volatile SecretKeySpec key;

    SignInTokens(InstanceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    String issue() {
        String payload = Sessions.random() + "." + (clock.millis() + LIFETIME_MILLIS);
        return payload + "." + mac(payload);
    }

    /** True when the form's token is the cookie's, signed here, and not expired. */
    boolean accepts(String cookie, String field) {
        if (cookie == null || field == null || cookie.length() > MAX_LENGTH
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        int lastDot = cookie.lastIndexOf('.');
        int firstDot = cookie.indexOf('.');
        if (firstDot <= 0 || lastDot <= firstDot) {
            return false;
        }
        String payload = cookie.substring(0, lastDot);
        byte[] expected = mac(payload).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, cookie.substring(lastDot + 1).getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        try {
            return Long.parseLong(cookie.substring(firstDot + 1, lastDot)) > clock.millis();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String mac(String payload) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key());
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hmac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            String stored = settings.getOrCreate("dashboard_sign_in_key", () -> Sessions.random() + Sessions.random());
            k = new SecretKeySpec(stored.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            key = k;
        }
        return k;
    }
}
