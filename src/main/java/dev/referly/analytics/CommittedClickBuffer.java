package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.clicks.CommittedClicks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The clicks the writer committed since the rollup builder's last round, kept in memory so the
 * round folds them without reading them back (reading back cost about a tenth of a redirect's
 * CPU). Only a range it holds completely, from the watermark on, is served; anything else
 * (a restart, an overflow, clicks inserted by something else) makes the round read the
 * database as before.
 */
final class CommittedClickBuffer implements CommittedClicks {
    /** Beyond this many clicks waiting, the builder is behind anyway: drop them and let it read. */
    private static final int MAX_HELD = 200_000;

    private record Chunk(long firstSeq, List<Click> clicks) {
        long lastSeq() {
            return firstSeq + clicks.size() - 1;
        }
    }

    /** Clicks with consecutive seqs from {@code firstSeq}. */
    record Run(long firstSeq, List<Click> clicks) {}

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int held;

    @Override
    public synchronized void committed(long firstSeq, List<Click> clicks) {
        if (clicks.isEmpty()) {
            return;
        }
        Chunk last = chunks.peekLast();
        if (last != null && last.lastSeq() + 1 != firstSeq) {
            clear(); // a gap: what is held can no longer be served from its start
        }
        if (held + clicks.size() > MAX_HELD) {
            clear();
        }
        chunks.addLast(new Chunk(firstSeq, clicks)); // the writer hands over a list it no longer touches
        held += clicks.size();
    }

    /**
     * The clicks with seqs in {@code (after, upTo]} when all of them are held, else null. Either
     * way, nothing at or below {@code upTo} is held afterwards.
     */
    synchronized Run take(long after, long upTo) {
        List<Click> out = new ArrayList<>();
        long expected = after + 1;
        boolean covered = true;
        while (!chunks.isEmpty() && chunks.peekFirst().firstSeq() <= upTo) {
            Chunk c = chunks.pollFirst();
            held -= c.clicks().size();
            if (c.lastSeq() > upTo) { // the part beyond this round stays for the next
                int split = (int) (upTo - c.firstSeq() + 1);
                Chunk rest = new Chunk(upTo + 1, c.clicks().subList(split, c.clicks().size()));
                chunks.addFirst(rest);
                held += rest.clicks().size();
                c = new Chunk(c.firstSeq(), c.clicks().subList(0, split));
            }
            if (c.lastSeq() < expected) {
                continue; // folded by an earlier round
            }
            if (c.firstSeq() > expected) {
                covered = false; // a gap: these seqs were never handed over
            }
            if (covered) {
                out.addAll(c.clicks().subList((int) (expected - c.firstSeq()), c.clicks().size()));
                expected = c.lastSeq() + 1;
            }
        }
        return covered && expected == upTo + 1 ? new Run(after + 1, out) : null;
    }

    private void clear() {
        chunks.clear();
        held = 0;
    }
}
