package dev.referly.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature conventions every delivery carries, so a receiver can verify with either:
 * <ul>
 *   <li>Dub's {@code Dub-Signature}: lower-case hex HMAC-SHA256 of the exact body, keyed with the
 *       secret string as Dub's docs use it (the whole {@code whsec_...} text, UTF-8);</li>
 *   <li>Standard Webhooks' {@code webhook-signature}: {@code v1,<base64 HMAC-SHA256 of
 *       "id.timestamp.body">}, keyed with the base64-decoded part after {@code whsec_}.</li>
 * </ul>
 * Secrets are {@code whsec_} + base64 of 32 random bytes, which both conventions accept.
 */
public final class Signatures {
    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {}

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code Dub-Signature}. */
    public static String dub(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** One {@code v1,...} entry of {@code webhook-signature}; timestamp in Unix seconds. */
    public static String standard(String secret, String messageId, long timestampSeconds, byte[] body) {
        byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed));
    }

    private static byte[] standardKey(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
