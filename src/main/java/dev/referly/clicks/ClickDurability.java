package dev.referly.clicks;

/** Whether a redirect waits for its click to be committed. */
public enum ClickDurability {
    /** The redirect is answered once its click is committed: a crash loses no answered click. */
    DURABLE,
    /**
     * The redirect is answered at once and the click is committed a few milliseconds later:
     * lower latency, but a crash loses the clicks still queued, and repeat clicks are
     * de-duplicated per process only.
     */
    ASYNC
}
