package dev.referly.clicks.enrich;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints a visitor as (IP, User-Agent) so repeat clicks can be de-duplicated without storing
 * the IP itself. The salt is the installation's secret (rotate it to make old hashes unlinkable);
 * without it an IPv4 hash could be reversed by brute force over the 2^32 address space.
 */
public final class IpHasher {

    /** 128 bits: ample to avoid collisions among clicks, and half the storage of the full digest. */
    public static final int HEX_LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    // Looking the algorithm up for every click showed in redirect profiles.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(IpHasher::newSha256);

    private IpHasher() {}

    /**
     * Lowercase hex of SHA-256(salt || ip || 0x00 || userAgent), truncated to {@value #HEX_LENGTH} characters.
     * The zero byte keeps ("1.2.3.4", "5x") and ("1.2.3.45", "x") apart. Null ip or UA hash as empty.
     */
    public static String hash(byte[] salt, String ip, String userAgent) {
        if (salt == null) {
            throw new IllegalArgumentException("salt is required; an unsalted IP hash is reversible");
        }
        MessageDigest sha256 = SHA_256.get(); // digest() leaves it reset for the next call
        sha256.update(salt);
        sha256.update((ip == null ? "" : ip).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update((userAgent == null ? "" : userAgent).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha256.digest(), 0, HEX_LENGTH / 2);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
