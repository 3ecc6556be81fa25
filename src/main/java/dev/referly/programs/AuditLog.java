package dev.referly.programs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.shared.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The append-only record of changes to a workspace's program, groups, rewards, discounts and
 * move rules. Entries are written by the services in the transaction of the change they
 * describe, so there is never a change without its entry, nor an entry without its change.
 */
public final class AuditLog {
    public static final int MAX_PAGE_SIZE = 100;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Filters and page of GET /audit-log; startingAfter (an entry id) pages by cursor instead of number. */
    public record Query(String targetType, String targetId, String action, int page, int pageSize,
            String startingAfter) {}

    /**
     * Appends an entry unless nothing changed ({@code before} equals {@code after}): a PATCH
     * that sets the values already there leaves no trace.
     */
    static void append(Handle h, long now, String workspaceId, AuditActor actor, String action, String targetType,
            String targetId, Object before, Object after) {
        String beforeJson = json(before);
        String afterJson = json(after);
        if (Objects.equals(beforeJson, afterJson)) {
            return;
        }
        h.createUpdate("INSERT INTO audit_log (id, workspace_id, actor, action, target_type, target_id, before_state,"
                        + " after_state, ts) VALUES (:id, :ws, :actor, :action, :type, :target, :before, :after, :ts)")
                .bind("id", Ids.newId("aud_", now)).bind("ws", workspaceId).bind("actor", json(actor.toApi()))
                .bind("action", action).bind("type", targetType).bind("target", targetId)
                .bind("before", beforeJson).bind("after", afterJson).bind("ts", now)
                .execute();
    }

    public List<AuditEntry> list(String workspaceId, Query q) {
        Paging.check(q.page(), q.pageSize(), MAX_PAGE_SIZE);
        StringBuilder sql = new StringBuilder("SELECT id, actor, action, target_type, target_id, before_state,"
                + " after_state, ts FROM audit_log WHERE workspace_id = :ws");
        if (q.targetType() != null) {
            sql.append(" AND target_type = :targetType");
        }
        if (q.targetId() != null) {
            sql.append(" AND target_id = :targetId");
        }
        if (q.action() != null) {
            sql.append(" AND action = :action");
        }
        if (q.startingAfter() != null) {
            sql.append(" AND seq < :cursor");
        }
        sql.append(" ORDER BY seq DESC LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            Long cursor = null;
            if (q.startingAfter() != null) {
                cursor = h.createQuery("SELECT seq FROM audit_log WHERE workspace_id = :ws AND id = :id")
                        .bind("ws", workspaceId).bind("id", q.startingAfter()).mapTo(Long.class).findOne()
                        .orElseThrow(() -> ApiException.invalid("startingAfter", "no audit log entry has this id"));
            }
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql.toString()).bind("ws", workspaceId)
                    .bind("targetType", q.targetType()).bind("targetId", q.targetId()).bind("action", q.action())
                    .bind("cursor", cursor).bind("limit", q.pageSize())
                    .bind("offset", q.startingAfter() != null ? 0 : Paging.offset(q.page(), q.pageSize()));
            return query.map((rs, ctx) -> read(rs)).list();
        });
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString(1), parseObject(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), parse(rs.getString(6)), parse(rs.getString(7)), rs.getLong(8));
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String json) {
        return (Map<String, Object>) parse(json);
    }
}
