package dev.referly.webhooks;

import dev.referly.clicks.Click;
import dev.referly.clicks.ClickRows;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * link.clicked events, derived from the clicks table after the fact instead of being written by
 * the redirect path: the redirect and the click writer do exactly what they did without
 * webhooks, whatever the endpoints. Each workspace with a link.clicked subscription has a
 * cursor (the last click seq turned into events); a round reads the clicks above it and, in one
 * transaction, appends their events through {@link Outbox} and moves the cursor with a
 * conditional UPDATE, so a click becomes an event once even with several processes.
 *
 * <p>Only clicks up to the analytics rollup watermark are read: on PostgreSQL a smaller seq can
 * commit after a larger one, and the rollup builder already establishes (with a brief table
 * lock) the seq below which every click is committed. So link.clicked trails the click by about
 * the rollup period (one second) plus this feed's period. The clicks are read outside the write
 * transaction, so SQLite's single writer is held only for the inserts.
 */
final class ClickFeed {
    static final int BATCH = 200;

    private final Jdbi jdbi;

    ClickFeed(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A workspace's first link.clicked subscription starts at its latest click (no backlog). */
    static void startAtCurrentClick(Handle h, String ws) {
        h.createUpdate("INSERT INTO webhook_click_cursors (workspace_id, seq) SELECT :ws, COALESCE(MAX(seq), 0)"
                        + " FROM clicks WHERE workspace_id = :ws ON CONFLICT (workspace_id) DO NOTHING")
                .bind("ws", ws).execute();
    }

    /** Turns the clicks committed since the last round into events; the number of clicks read. */
    int round() {
        long horizon = jdbi.withHandle(h -> h.createQuery("SELECT seq FROM rollup_watermarks WHERE source = 'clicks'")
                .mapTo(Long.class).findOne().orElse(0L));
        List<Map.Entry<String, Long>> cursors = jdbi.withHandle(h -> h.createQuery(
                        "SELECT workspace_id, seq FROM webhook_click_cursors ORDER BY workspace_id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list());
        int read = 0;
        for (Map.Entry<String, Long> cursor : cursors) {
            read += advance(cursor.getKey(), cursor.getValue(), horizon);
        }
        return read;
    }

    private int advance(String ws, long from, long horizon) {
        boolean subscribed = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_triggers"
                        + " WHERE workspace_id = :ws AND event_type = :type")
                .bind("ws", ws).bind("type", EventTypes.LINK_CLICKED).mapTo(Integer.class).one() > 0);
        if (!subscribed) {
            // Nobody listens any more: forget the position, so a later subscription starts afresh.
            jdbi.useTransaction(h -> h.createUpdate("DELETE FROM webhook_click_cursors WHERE workspace_id = :ws"
                    + " AND seq = :seq").bind("ws", ws).bind("seq", from).execute());
            return 0;
        }
        if (from >= horizon) {
            return 0;
        }
        List<Seq> clicks = jdbi.withHandle(h -> h.createQuery("SELECT * FROM clicks WHERE workspace_id = :ws"
                        + " AND seq > :from AND seq <= :horizon ORDER BY seq LIMIT :limit")
                .bind("ws", ws).bind("from", from).bind("horizon", horizon).bind("limit", BATCH)
                .map((rs, ctx) -> new Seq(rs.getLong("seq"), ClickRows.read(rs, ""))).list());
        long to = clicks.size() < BATCH ? horizon : clicks.get(clicks.size() - 1).seq();
        jdbi.useTransaction(h -> {
            int moved = h.createUpdate("UPDATE webhook_click_cursors SET seq = :to WHERE workspace_id = :ws"
                            + " AND seq = :from")
                    .bind("to", to).bind("ws", ws).bind("from", from).execute();
            if (moved == 0) {
                return; // another process took these clicks
            }
            for (Seq s : clicks) {
                Outbox.append(h, ws, EventTypes.LINK_CLICKED, s.click().linkId(), s.click(), s.click().timestamp());
            }
        });
        return clicks.size();
    }

    private record Seq(long seq, Click click) {}
}
