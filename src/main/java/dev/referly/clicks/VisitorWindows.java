package dev.referly.clicks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The one-hour repeat-click windows this process knows: for a (link, visitor) pair, the id of
 * the click that opened the window. Committed windows live in primitive arrays (a visitor's
 * key is 128 bits of its salted hash mixed with the link, the click id packed into two longs),
 * so a million windows are a few dozen megabytes the garbage collector never has to trace.
 * Holding them as objects made every young collection copy the newest windows, and those
 * pauses set the redirect's p99. Windows whose click is still being stored wait in a small
 * map, so a burst from one visitor shares one click.
 */
final class VisitorWindows {
    private static final int SEGMENTS = 16;
    private static final int LONGS_PER_SLOT = 5; // key high, key low, opened at, id high, id low
    private static final int MAX_PROBES = 32;
    private static final int FIRST_CAPACITY = 1 << 10;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final long windowMillis;
    private final int maxSlotsPerSegment;
    private final Segment[] segments = new Segment[SEGMENTS];
    private final ConcurrentHashMap<Key, CompletableFuture<String>> storing = new ConcurrentHashMap<>();

    /** A (link, visitor) pair, as 128 bits. */
    record Key(long high, long low) {
        static Key of(String linkId, String visitorHash) {
            long link = mix(linkId.hashCode() * 0x9E3779B97F4A7C15L + linkId.length());
            long high = 0;
            long low = 0;
            int half = Math.min(16, visitorHash.length());
            for (int i = 0; i < visitorHash.length(); i++) {
                long c = visitorHash.charAt(i);
                if (i < half) {
                    high = high * 31 + c;
                } else {
                    low = low * 31 + c;
                }
            }
            // The visitor hash is already salted SHA-256 hex; folding the link in twice keeps
            // two links' windows of one visitor apart.
            return new Key(mix(high ^ link), mix(low + link));
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    /** {@code maxWindows}: about how many committed windows are kept; beyond it the oldest nearby are forgotten. */
    VisitorWindows(long windowMillis, int maxWindows) {
        this.windowMillis = windowMillis;
        this.maxSlotsPerSegment = Integer.highestOneBit(Math.max(FIRST_CAPACITY, maxWindows * 2 / SEGMENTS - 1)) << 1;
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    /** The stored (or being stored) click of the window open at {@code now}, or null. */
    CompletableFuture<String> open(Key key, long now) {
        CompletableFuture<String> pending = storing.get(key);
        if (pending != null) {
            return pending;
        }
        String id = segment(key).find(key, now - windowMillis);
        return id == null ? null : CompletableFuture.completedFuture(id);
    }

    /**
     * Reserves the window for a click about to be stored: null when {@code mine} got it, else
     * the window another request opened first.
     */
    CompletableFuture<String> reserve(Key key, long now, CompletableFuture<String> mine) {
        CompletableFuture<String> other = storing.putIfAbsent(key, mine);
        if (other != null) {
            return other;
        }
        // A window committed between the caller's look and this reservation.
        String id = segment(key).find(key, now - windowMillis);
        if (id != null) {
            storing.remove(key, mine);
            mine.complete(id);
            return mine;
        }
        return null;
    }

    /** The reserved click is stored: its window is open from {@code openedAt}. */
    void stored(Key key, long openedAt, String clickId, CompletableFuture<String> mine) {
        put(key, openedAt, clickId); // before the reservation goes, so no request sees neither
        storing.remove(key, mine);
    }

    /** The reserved click could not be stored: the next visit tries again. */
    void failed(Key key, CompletableFuture<String> mine) {
        storing.remove(key, mine);
    }

    /** Records a committed window (start-up rebuild, async mode). */
    void put(Key key, long openedAt, String clickId) {
        long[] id = pack(clickId);
        if (id != null) {
            segment(key).put(key, openedAt, id, openedAt - windowMillis);
        }
    }

    private Segment segment(Key key) {
        return segments[(int) (key.high() >>> 60)];
    }

    /** A click id of 16 base62 characters as two longs (6 bits a character); null for any other id. */
    static long[] pack(String clickId) {
        if (clickId.length() != 16) {
            return null;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 16; i++) {
            int digit = ALPHABET.indexOf(clickId.charAt(i));
            if (digit < 0) {
                return null;
            }
            if (i < 8) {
                high = (high << 6) | digit;
            } else {
                low = (low << 6) | digit;
            }
        }
        return new long[] {high, low};
    }

    static String unpack(long high, long low) {
        char[] out = new char[16];
        for (int i = 7; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (high & 63));
            high >>>= 6;
            out[i + 8] = ALPHABET.charAt((int) (low & 63));
            low >>>= 6;
        }
        return new String(out);
    }

    /** An open-addressing table of its own, grown by doubling under its lock up to the configured size. */
    private final class Segment {
        private long[] slots = new long[FIRST_CAPACITY * LONGS_PER_SLOT];
        private int used;

        synchronized String find(Key key, long openAfter) {
            int capacity = capacity();
            int start = (int) key.low() & (capacity - 1);
            for (int probe = 0; probe < Math.min(MAX_PROBES, capacity); probe++) {
                int base = ((start + probe) & (capacity - 1)) * LONGS_PER_SLOT;
                if (slots[base + 2] == 0) {
                    return null; // an empty slot ends the probe sequence
                }
                if (slots[base] == key.high() && slots[base + 1] == key.low()) {
                    return slots[base + 2] > openAfter ? unpack(slots[base + 3], slots[base + 4]) : null;
                }
            }
            return null;
        }

        synchronized void put(Key key, long openedAt, long[] id, long openAfter) {
            if ((used + 1) * 2 > capacity() && capacity() < maxSlotsPerSegment) {
                grow(openAfter);
            }
            while (!place(key, openedAt, id, openAfter, capacity() >= maxSlotsPerSegment)) {
                grow(openAfter); // a long run of taken slots below the size limit: room is cheaper than forgetting
            }
        }

        /**
         * Puts the window in its probe run: in its own slot, an empty one, or the oldest closed
         * one; else, only when {@code evict}, over the oldest open one. False when it did not.
         */
        private boolean place(Key key, long openedAt, long[] id, long openAfter, boolean evict) {
            int capacity = capacity();
            int start = (int) key.low() & (capacity - 1);
            int target = -1;
            long oldest = Long.MAX_VALUE;
            for (int probe = 0; probe < Math.min(MAX_PROBES, capacity); probe++) {
                int base = ((start + probe) & (capacity - 1)) * LONGS_PER_SLOT;
                long opened = slots[base + 2];
                if (opened == 0 || (slots[base] == key.high() && slots[base + 1] == key.low())) {
                    target = base;
                    oldest = 0;
                    if (opened == 0) {
                        used++;
                    }
                    break;
                }
                if (opened < oldest) {
                    oldest = opened;
                    target = base;
                }
            }
            if (oldest > openAfter && !evict) {
                return false;
            }
            slots[target] = key.high();
            slots[target + 1] = key.low();
            slots[target + 2] = Math.max(1, openedAt);
            slots[target + 3] = id[0];
            slots[target + 4] = id[1];
            return true;
        }

        private int capacity() {
            return slots.length / LONGS_PER_SLOT;
        }

        /** Doubles the table, leaving closed windows behind. */
        private void grow(long openAfter) {
            long[] old = slots;
            slots = new long[old.length * 2];
            used = 0;
            int capacity = capacity();
            for (int base = 0; base < old.length; base += LONGS_PER_SLOT) {
                if (old[base + 2] <= openAfter) {
                    continue;
                }
                int start = (int) old[base + 1] & (capacity - 1);
                for (int probe = 0; probe < MAX_PROBES; probe++) { // beyond that it could not be found
                    int to = ((start + probe) & (capacity - 1)) * LONGS_PER_SLOT;
                    if (slots[to + 2] == 0) {
                        System.arraycopy(old, base, slots, to, LONGS_PER_SLOT);
                        used++;
                        break;
                    }
                }
            }
        }
    }
}
