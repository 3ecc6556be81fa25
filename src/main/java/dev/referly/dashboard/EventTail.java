package dev.referly.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A workspace's newest clicks, leads and sales, read from the raw tables by seq the way the
 * rollup builder reads them. A cursor per table remembers what a stream has sent; each read
 * also looks back {@link #LOOKBACK} seqs, because on PostgreSQL a lower seq can commit after a
 * higher one, and drops what it sent before.
 */
final class EventTail {
    static final int LOOKBACK = 200;
    private static final int MAX_ROWS = 100;

    /** One event as the stream and the page show it. */
    record Event(String kind, long seq, String id, long ts, String linkId, String detail) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", kind);
            json.put("id", id);
            json.put("when", Format.when(ts));
            json.put("linkId", linkId);
            json.put("detail", detail);
            return json;
        }
    }

    private static final Map<String, String> SQL = Map.of(
            "click", "SELECT seq, id, ts, link_id, country || ' · ' || device || ' · ' || browser FROM clicks",
            "lead", "SELECT seq, id, ts, link_id, event_name || ' · ' || customer_id FROM leads",
            "sale", "SELECT seq, id, ts, link_id, event_name || ' · ' || customer_id || ' · ' || CAST(amount AS TEXT)"
                    + " || ' ' || currency FROM sales");
    private static final List<String> KINDS = List.of("click", "lead", "sale");

    private final Jdbi jdbi;
    private final String ws;
    private final Map<String, Long> cursors = new LinkedHashMap<>();
    private final Map<String, java.util.Set<Long>> sent = new LinkedHashMap<>();

    EventTail(Jdbi jdbi, String ws) {
        this.jdbi = jdbi;
        this.ws = ws;
    }

    /** The newest {@code limit} events of each kind, newest first; the stream continues after them. */
    List<Event> latest(int limit) {
        List<Event> out = new ArrayList<>();
        jdbi.useHandle(h -> {
            for (String kind : KINDS) {
                List<Event> rows = h.createQuery(SQL.get(kind) + " WHERE workspace_id = :ws ORDER BY seq DESC LIMIT :n")
                        .bind("ws", ws).bind("n", limit).map((rs, ctx) -> read(kind, rs)).list();
                long max = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM " + table(kind)).mapTo(Long.class).one();
                cursors.put(kind, max);
                java.util.Set<Long> seen = new java.util.HashSet<>(h.createQuery("SELECT seq FROM " + table(kind)
                                + " WHERE workspace_id = :ws AND seq > :from")
                        .bind("ws", ws).bind("from", Math.max(0, max - LOOKBACK)).mapTo(Long.class).list());
                sent.put(kind, seen);
                out.addAll(rows);
            }
        });
        out.sort(Comparator.comparingLong(Event::ts).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Events committed since the last call, oldest first. */
    List<Event> next() {
        List<Event> out = new ArrayList<>();
        jdbi.useHandle(h -> {
            for (String kind : KINDS) {
                long cursor = cursors.getOrDefault(kind, 0L);
                java.util.Set<Long> seen = sent.computeIfAbsent(kind, k -> new java.util.HashSet<>());
                List<Event> rows = h.createQuery(SQL.get(kind) + " WHERE workspace_id = :ws AND seq > :from"
                                + " ORDER BY seq LIMIT " + MAX_ROWS)
                        .bind("ws", ws).bind("from", Math.max(0, cursor - LOOKBACK))
                        .map((rs, ctx) -> read(kind, rs)).list();
                for (Event e : rows) {
                    if (seen.add(e.seq())) {
                        out.add(e);
                    }
                    cursor = Math.max(cursor, e.seq());
                }
                long floor = cursor - LOOKBACK;
                seen.removeIf(s -> s <= floor);
                cursors.put(kind, cursor);
            }
        });
        out.sort(Comparator.comparingLong(Event::ts));
        return out;
    }

    private static String table(String kind) {
        return kind + "s";
    }

    private static Event read(String kind, java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Event(kind, rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5));
    }
}
