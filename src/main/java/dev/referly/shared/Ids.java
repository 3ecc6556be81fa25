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
    // DRBG runs in user space once seeded: the platform default (NativePRNG) reads
    // /dev/urandom on every call, which showed up as system time on the redirect path.
    private static final SecureRandom RANDOM = drbg();
    private static final long BASE62_TIME_DIGITS = 7;

    private Ids() {}

    /** e.g. {@code newId("link_", clock)} -> {@code link_01JD3...} */
    public static String newId(String prefix, Clock clock) {
        return prefix + ulid(clock.millis());
    }

    public static String newId(String prefix, long epochMillis) {
        return prefix + ulid(epochMillis);
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

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** A random alphanumeric string; 7 characters is a short-link key. */
    public static String randomAlphanumeric(int length) {
        char[] out = new char[length];
        fillRandom(out, 0, length);
        return new String(out);
    }

    /**
     * Random longs drawn from the DRBG 64 at a time: one generation per draw costs more than the
     * rest of a redirect's click. A thread's buffer is its own, so no two ids share bits.
     */
    private static final class RandomLongs {
        private final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(64 * Long.BYTES);

        RandomLongs() {
            bytes.position(bytes.limit());
        }

        long next() {
            if (!bytes.hasRemaining()) {
                RANDOM.nextBytes(bytes.array());
                bytes.clear();
            }
            return bytes.getLong();
        }
    }

    private static final ThreadLocal<RandomLongs> RANDOM_LONGS = ThreadLocal.withInitial(RandomLongs::new);

    private static void fillRandom(char[] out, int from, int to) {
        // Nine base62 digits per random long: 2^64 is ~1364 x 62^9, so the modulo bias stays under 0.1%.
        RandomLongs random = RANDOM_LONGS.get();
        for (int chunk = from; chunk < to; chunk += 9) {
            long bits = random.next();
            for (int i = chunk; i < Math.min(chunk + 9, to); i++) {
                out[i] = ALPHANUMERIC[(int) Long.remainderUnsigned(bits, 62)];
                bits = Long.divideUnsigned(bits, 62);
            }
        }
    }

    /**
     * A 16-character click id, as Dub's clients expect: 7 base62 digits of the millisecond
     * clock then 9 random ones. Ids made later sort later (the alphabet is in ASCII order),
     * so the click-id index grows at its right edge instead of taking random page writes.
     */
    public static String clickId(long epochMillis) {
        char[] out = new char[16];
        long time = epochMillis;
        for (int i = (int) BASE62_TIME_DIGITS - 1; i >= 0; i--) {
            out[i] = ALPHANUMERIC[(int) (time % 62)];
            time /= 62;
        }
        fillRandom(out, (int) BASE62_TIME_DIGITS, 16);
        return new String(out);
    }
}
