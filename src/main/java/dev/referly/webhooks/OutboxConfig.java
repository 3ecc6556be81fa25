package dev.referly.webhooks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * What {@link Outbox} needs, carried by the Jdbi (and so by every handle it opens): the
 * renderer, and a short cache of which event types each workspace's endpoints subscribe to,
 * so a change in a workspace without webhooks costs one map lookup. Kept per Jdbi rather than
 * in statics because one JVM may run several servers over different databases (tests do).
 *
 * <p>Another process's new endpoint is seen here within {@link #TTL}; this process's own
 * changes invalidate the entry at once.
 */
public final class OutboxConfig implements JdbiConfig<OutboxConfig> {
    static final Duration TTL = Duration.ofSeconds(5);

    /** Shared by the Jdbi's config and every handle's copy of it, so an install reaches open handles too. */
    private final Holder holder;

    public OutboxConfig() {
        this.holder = new Holder();
    }

    private OutboxConfig(Holder holder) {
        this.holder = holder;
    }

    @Override
    public OutboxConfig createCopy() {
        return new OutboxConfig(holder);
    }

    void install(EventRenderer renderer) {
        holder.state = new State(renderer, Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build());
    }

    EventRenderer renderer() {
        State s = holder.state;
        return s == null ? null : s.renderer();
    }

    /** Whether some endpoint of the workspace (enabled or not) subscribes to the type. */
    boolean subscribed(Handle h, String workspaceId, String eventType) {
        Set<String> types = holder.state.subscriptions().get(workspaceId, ws -> Set.copyOf(h.createQuery(
                        "SELECT DISTINCT event_type FROM webhook_triggers WHERE workspace_id = :ws")
                .bind("ws", ws).mapTo(String.class).list()));
        return types.contains(eventType);
    }

    void forget(String workspaceId) {
        State s = holder.state;
        if (s != null) {
            s.subscriptions().invalidate(workspaceId);
        }
    }

    private static final class Holder {
        volatile State state;
    }

    private record State(EventRenderer renderer, Cache<String, Set<String>> subscriptions) {}
}
