package dev.referly.webhooks;

/** Statuses of {@code webhook_deliveries}. */
final class Deliveries {
    /** Due at next_attempt_at. */
    static final String PENDING = "pending";
    /** A 2xx answered. */
    static final String DELIVERED = "delivered";
    /** Given up: every attempt failed until the delivery expired. A replay or a re-enable sends it again. */
    static final String FAILED = "failed";
    /** The endpoint is disabled; re-enabling it makes these pending. */
    static final String PAUSED = "paused";

    private Deliveries() {}
}
