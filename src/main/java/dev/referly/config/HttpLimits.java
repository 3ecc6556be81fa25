package dev.referly.config;

import java.time.Duration;

/**
 * What one request may cost the server before it is refused at the edge.
 *
 * @param maxBodyBytes  largest request body; a larger declared one is answered 413 before a byte
 *                      of it is read, a larger chunked one is cut off at this size
 * @param maxHeadBytes  largest request head (request line and headers); larger is answered 431
 * @param maxJsonDepth  deepest nesting of objects and arrays in a JSON body; deeper is answered 400
 * @param headTimeout   how long a request head may take to arrive, from its first byte (slowloris)
 */
public record HttpLimits(long maxBodyBytes, int maxHeadBytes, int maxJsonDepth, Duration headTimeout) {
    /** 1 MiB: the largest JSON any route takes (a bulk of 100 links) is a few hundred KB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Like Node's and Helidon's 16 KiB; a short link with a long query string fits easily. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 16 * 1024;
    /** Referly's deepest bodies (metadata, reward conditions) nest fewer than ten levels. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;
    /** The front reads a head into a 128 KiB buffer, with room kept for what follows it. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(20);

    public HttpLimits {
        if (maxBodyBytes < 1 || maxHeadBytes < 256 || maxHeadBytes > MAX_HEAD_BYTES || maxJsonDepth < 1 || maxJsonDepth > 1000 || headTimeout.isNegative()
                || headTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP limits must be positive (a head 256 bytes to 64 KiB, JSON depth at most 1000): "
                    + maxBodyBytes + ", " + maxHeadBytes + ", " + maxJsonDepth + ", " + headTimeout);
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_JSON_DEPTH,
                DEFAULT_HEAD_TIMEOUT);
    }

    public HttpLimits withHeadTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, maxHeadBytes, maxJsonDepth, timeout);
    }
}
