package dev.referly.workspaces;

import dev.referly.shared.Sha256;

/** API keys are stored as SHA-256 hashes: a leaked database reveals no usable key. */
final class ApiKeyHash {
    private ApiKeyHash() {}

    static String of(String apiKey) {
        return Sha256.hex(apiKey);
    }
}
