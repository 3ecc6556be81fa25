package dev.referly.embed;

import dev.referly.shared.Sha256;

/** Publishable keys and embed tokens are stored as SHA-256 hashes: a leaked database reveals neither. */
final class SecretHash {
    private SecretHash() {}

    static String of(String secret) {
        return Sha256.hex(secret);
    }
}
