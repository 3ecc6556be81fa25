package dev.referly.integrations.stripe;

/**
 * A received Stripe event as stored: its state (applied, waiting, ignored or failed), the reason
 * or note that goes with it, and the payload it arrived with.
 */
public record StoredEvent(long seq, String workspaceId, String eventId, String type, boolean livemode, String state,
        String reason, int attempts, long stripeCreatedAt, long receivedAt, long updatedAt, String payload) {}
