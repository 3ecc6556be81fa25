package dev.referly.shared;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Identifier generation. Entity ids are a type prefix plus a ULID (48-bit millisecond time,
 * 80 random bits, Crockford base32) so they sort by creation time and never collide across
 * processes; click ids and link keys are the short random strings Dub's clients expect.
 */
public final class Ids {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final char[] ALPHANUMERIC =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** e.g. {@code newId("link_", clock)} -> {@code link_01JD3...} */
    public static String newId(String prefix, Clock clock) {
        return prefix + ulid(clock.millis());
    }

    static String ulid(long millis) {
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        // 80 random bits as 16 base32 digits, 5 bits at a time
        int bitBuffer = 0;
        int bits = 0;
        int pos = 10;
        for (byte b : random) {
            bitBuffer = (bitBuffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out[pos++] = CROCKFORD[(bitBuffer >>> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        return new String(out);
    }

    /** A random alphanumeric string; 16 characters is a click id, 7 a short-link key. */
    public static String randomAlphanumeric(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }

    public static String clickId() {
        return randomAlphanumeric(16);
    }

    /** Secret material: 24 random bytes as URL-safe characters. */
    public static String secret(String prefix) {
        return prefix + randomAlphanumeric(32);
    }
}
