package dev.referly.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.referly.config.RateLimits;
import java.time.Clock;
import java.time.Duration;

/**
 * Fixed-window request counters in this process's memory, on the server's clock. Several
 * processes each count on their own, so N processes allow up to N times a limit: a shared
 * counter would cost a database write per request, on routes whose point is to be cheap.
 */
final class RateLimiter {
    /** The counter after a request: whether it may proceed, and what the RateLimit headers say. */
    record Decision(RateLimits.Bucket bucket, RateLimits.Limit limit, boolean allowed, int remaining,
            long resetSeconds) {}

    private record Window(long start, int count) {}

    private final Clock clock;
    // Bounded: a flood of distinct keys or addresses evicts the oldest counters, never grows the heap.
    private final Cache<String, Window> windows = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(1)).build();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request of {@code key} against {@code limit}. */
    Decision take(RateLimits.Bucket bucket, RateLimits.Limit limit, String key) {
        return count(bucket, limit, key, 1);
    }

    /** What {@link #take} would decide for the next request, without counting it. */
    Decision peek(RateLimits.Bucket bucket, RateLimits.Limit limit, String key) {
        return count(bucket, limit, key, 0);
    }

    private Decision count(RateLimits.Bucket bucket, RateLimits.Limit limit, String key, int add) {
        long now = clock.millis();
        long width = limit.window().toMillis();
        long start = now - Math.floorMod(now, width);
        boolean[] admitted = new boolean[1];
        Window w = windows.asMap().compute(bucket.configName + ' ' + key, (k, old) -> {
            int before = old == null || old.start() != start ? 0 : old.count();
            admitted[0] = before < limit.requests();
            // Refused requests are not counted: a client hammering past the limit is free again next window.
            return new Window(start, admitted[0] ? before + add : before);
        });
        long reset = Math.max(1, (start + width - now + 999) / 1000);
        return new Decision(bucket, limit, admitted[0], Math.max(0, limit.requests() - w.count()), reset);
    }
}
