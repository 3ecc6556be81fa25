package dev.referly.links;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL for links, generated from {@link LinkField} so the columns and the API never drift apart. */
final class LinkRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            Arrays.stream(LinkField.values()).map(LinkField::column).collect(Collectors.joining(", "));
    private static final String INSERT = "INSERT INTO links (" + COLUMNS + ") VALUES ("
            + Arrays.stream(LinkField.values()).map(f -> ":" + f.column()).collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE = "UPDATE links SET "
            + Arrays.stream(LinkField.values()).filter(LinkField::writable)
                    .map(f -> f.column() + " = :" + f.column()).collect(Collectors.joining(", "))
            + ", updated_at = :updated_at WHERE id = :id AND workspace_id = :workspace_id";
    static final String SELECT = "SELECT " + COLUMNS + " FROM links";

    void insert(Handle h, Link link) {
        bindAll(h.createUpdate(INSERT), link).execute();
    }

    void update(Handle h, Link link) {
        bindAll(h.createUpdate(UPDATE), link).execute();
    }

    int delete(Handle h, String workspaceId, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return h.createUpdate("DELETE FROM links WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", workspaceId)
                .bindList("ids", ids)
                .execute();
    }

    Optional<Link> byId(Handle h, String workspaceId, String id) {
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    Optional<Link> byExternalId(Handle h, String workspaceId, String externalId) {
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND external_id = :ext")
                .bind("ws", workspaceId).bind("ext", externalId)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    Optional<Link> byDomainKey(Handle h, String domain, String key) {
        return h.createQuery(SELECT + " WHERE domain = :domain AND link_key = :key")
                .bind("domain", domain).bind("key", key)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /**
     * The link the redirect serves at domain/key: on a claimed domain only its owner's links
     * (links another workspace put there before domains had owners stay but are not served).
     */
    Optional<Link> served(Handle h, String domain, String key, String sharedDomain) {
        return h.createQuery(SELECT + " WHERE domain = :domain AND link_key = :key AND (domain = :shared"
                        + " OR EXISTS (SELECT 1 FROM domains d WHERE d.slug = links.domain"
                        + " AND d.workspace_id = links.workspace_id))")
                .bind("domain", domain).bind("key", key).bind("shared", sharedDomain)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    Optional<Link> oldestByUrl(Handle h, String workspaceId, String url) {
        // The prefix condition is what the index on (workspace_id, substr(url, 1, 500)) answers (V17).
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND substr(url, 1, 500) = substr(:url, 1, 500)"
                        + " AND url = :url ORDER BY created_at, id LIMIT 1")
                .bind("ws", workspaceId).bind("url", url)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    private static <T extends SqlStatement<T>> T bindAll(T statement, Link link) {
        for (LinkField f : LinkField.values()) {
            Object v = link.get(f);
            switch (f.kind()) {
                case BOOLEAN -> statement.bind(f.column(), Boolean.TRUE.equals(v));
                case INSTANT -> statement.bind(f.column(), (Long) v);
                case COUNT -> statement.bind(f.column(), v == null ? 0L : (Long) v);
                case URL_MAP -> statement.bind(f.column(), v == null ? null : writeJson(v));
                default -> statement.bind(f.column(), (String) v);
            }
        }
        return statement;
    }

    static Link read(ResultSet rs) throws SQLException {
        EnumMap<LinkField, Object> values = new EnumMap<>(LinkField.class);
        for (LinkField f : LinkField.values()) {
            Object v = switch (f.kind()) {
                case BOOLEAN -> rs.getBoolean(f.column());
                case INSTANT -> {
                    long ms = rs.getLong(f.column());
                    yield rs.wasNull() ? null : ms;
                }
                case COUNT -> rs.getLong(f.column());
                case URL_MAP -> readJson(rs.getString(f.column()));
                default -> rs.getString(f.column());
            };
            values.put(f, v);
        }
        return new Link(values);
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt geo column", e);
        }
    }
}
