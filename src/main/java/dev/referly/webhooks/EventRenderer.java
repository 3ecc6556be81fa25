package dev.referly.webhooks;

import org.jdbi.v3.core.Handle;

/**
 * Turns what a feature hands to {@link Outbox#append} (a link, a recorded lead, a partner id,
 * ...) into the event's {@code data}, inside the transaction of the change, so the payload is
 * the state right after the event. The shapes are Dub's API objects, which live at the HTTP
 * edge; App installs the edge's implementation, so this package needs none of them.
 */
@FunctionalInterface
public interface EventRenderer {
    /** The event's data, or null to write no event (the subject is gone). */
    Object render(Handle h, String workspaceId, String eventType, Object subject);
}
