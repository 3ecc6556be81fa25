package dev.referly.clicks;

import java.util.List;

/**
 * Told, after each commit of the click writer on SQLite, which clicks it stored and under which
 * seqs ({@code firstSeq}, {@code firstSeq + 1}, ...: one transaction of the only writer takes
 * consecutive rowids). Lets the analytics rollup skip reading those clicks back.
 */
@FunctionalInterface
public interface CommittedClicks {
    CommittedClicks NONE = (firstSeq, clicks) -> { };

    /** Called on the writer's thread once the clicks are committed; must return quickly. The list is the listener's to keep. */
    void committed(long firstSeq, List<Click> clicks);
}
