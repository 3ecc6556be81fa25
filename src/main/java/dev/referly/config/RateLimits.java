package dev.referly.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many requests each kind of caller may make per window. Written and read as
 * {@code sign-in=10/1m,qr=60/1m,api-key=off}: a bucket, a count, a window in s, m or h; {@code off}
 * lifts that limit. Buckets not named keep their defaults.
 */
public record RateLimits(Map<Bucket, Limit> limits) {
    /** What is counted, and per what. */
    public enum Bucket {
        /** Every request authenticated with a secret API key, per key. */
        API_KEY("api-key", 1200, Duration.ofMinutes(1)),
        /** Requests that failed authentication (bad or missing keys on authenticated routes), per client IP. */
        AUTH_FAILURE("auth-failure", 30, Duration.ofMinutes(1)),
        /** POST /dashboard/login and /dashboard/setup, per client IP. */
        SIGN_IN("sign-in", 10, Duration.ofMinutes(1)),
        /** /track/* calls with a publishable key, per key. */
        PUBLISHABLE_KEY("publishable-key", 600, Duration.ofMinutes(1)),
        /** /track/* calls with a publishable key, per client IP. */
        TRACK_IP("track-ip", 60, Duration.ofMinutes(1)),
        /** The embedded referral dashboard (/embed/*), per client IP. */
        EMBED("embed", 120, Duration.ofMinutes(1)),
        /** GET /qr, per client IP. */
        QR("qr", 60, Duration.ofMinutes(1));

        public final String configName;
        final Limit defaultLimit;

        Bucket(String configName, int requests, Duration window) {
            this.configName = configName;
            this.defaultLimit = new Limit(requests, window);
        }
    }

    /** At most {@code requests} per {@code window}; 0 requests means unlimited. */
    public record Limit(int requests, Duration window) {
        public Limit {
            if (requests < 0 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("A rate limit needs a count >= 0 and a positive window");
            }
        }

        public boolean unlimited() {
            return requests == 0;
        }

        @Override
        public String toString() {
            return unlimited() ? "off" : requests + "/" + window.toSeconds() + "s";
        }
    }

    public RateLimits {
        limits = Map.copyOf(limits);
    }

    public static RateLimits defaults() {
        Map<Bucket, Limit> m = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.values()) {
            m.put(b, b.defaultLimit);
        }
        return new RateLimits(m);
    }

    /** No limits at all (tests that are not about limits; a process behind a limiting proxy). */
    public static RateLimits none() {
        Map<Bucket, Limit> m = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.values()) {
            m.put(b, new Limit(0, b.defaultLimit.window()));
        }
        return new RateLimits(m);
    }

    public Limit of(Bucket bucket) {
        return limits.get(bucket);
    }

    /** These limits with the ones named in {@code spec} replaced; an unknown bucket or a bad value throws. */
    public RateLimits with(String spec) {
        Map<Bucket, Limit> m = new EnumMap<>(limits);
        if (spec == null || spec.isBlank()) {
            return this;
        }
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Rate limit '" + p + "': expected bucket=count/window or bucket=off");
            }
            m.put(bucket(p.substring(0, eq).strip()), limit(p.substring(eq + 1).strip()));
        }
        return new RateLimits(m);
    }

    private static Bucket bucket(String name) {
        for (Bucket b : Bucket.values()) {
            if (b.configName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("Unknown rate limit '" + name + "'");
    }

    private static Limit limit(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return new Limit(0, Duration.ofMinutes(1));
        }
        int slash = v.indexOf('/');
        try {
            if (slash < 0) {
                throw new IllegalArgumentException();
            }
            int count = Integer.parseInt(v.substring(0, slash));
            String w = v.substring(slash + 1);
            char unit = w.charAt(w.length() - 1);
            String digits = Character.isDigit(unit) ? w : w.substring(0, w.length() - 1);
            long n = digits.isEmpty() ? 1 : Long.parseLong(digits);
            Duration window = switch (unit) {
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            return new Limit(count, window);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Rate limit '" + value + "': expected count/window such as 10/1m, or off");
        }
    }
}
