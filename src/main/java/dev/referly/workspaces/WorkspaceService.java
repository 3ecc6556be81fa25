package dev.referly.workspaces;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import dev.referly.shared.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Workspaces and their API keys. */
public final class WorkspaceService {
    private static final String KEY_PREFIX = "rly_";
    private static final int DEFAULT_WINDOW_DAYS = 90;
    private static final int MAX_WINDOW_DAYS = 3650;
    private static final String SELECT = "SELECT id, name, currency, attribution_window_days, created_at FROM workspaces";

    private final Jdbi jdbi;
    private final Clock clock;
    // Every API call authenticates; a short-lived cache keeps that off the database while a
    // revoked key still stops working within seconds on every process.
    private final Cache<String, Optional<KeyOwner>> workspaceByKeyHash =
            Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public WorkspaceService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public CreatedWorkspace create(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A workspace needs a name");
        }
        long now = clock.millis();
        Workspace workspace = new Workspace(Ids.newId("ws_", clock), name.strip(), "usd", DEFAULT_WINDOW_DAYS, now);
        String apiKey = KEY_PREFIX + Ids.randomAlphanumeric(40);
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO workspaces (id, name, currency, attribution_window_days, created_at)"
                            + " VALUES (:id, :name, :currency, :attributionWindowDays, :createdAt)")
                    .bindMethods(workspace)
                    .execute();
            insertKey(h, workspace.id(), "Default key", apiKey, now);
            insertProgram(h, workspace, now);
        });
        return new CreatedWorkspace(workspace, apiKey);
    }

    /** Every workspace runs one partner program, which starts with one group, "Default". */
    private void insertProgram(org.jdbi.v3.core.Handle h, Workspace workspace, long now) {
        String programId = Ids.newId("prog_", now);
        String groupId = Ids.newId("grp_", now);
        h.createUpdate("INSERT INTO programs (id, workspace_id, name, slug, currency, default_group_id, created_at,"
                        + " updated_at) VALUES (:id, :ws, :name, :slug, :currency, :group, :now, :now)")
                .bind("id", programId).bind("ws", workspace.id()).bind("name", workspace.name())
                .bind("slug", "program-" + programId.substring(5).toLowerCase(java.util.Locale.ROOT))
                .bind("currency", workspace.currency()).bind("group", groupId).bind("now", now)
                .execute();
        h.createUpdate("INSERT INTO partner_groups (id, workspace_id, program_id, name, slug, created_at, updated_at)"
                        + " VALUES (:id, :ws, :program, 'Default', 'default', :now, :now)")
                .bind("id", groupId).bind("ws", workspace.id()).bind("program", programId).bind("now", now)
                .execute();
    }

    private void insertKey(org.jdbi.v3.core.Handle h, String workspaceId, String name, String apiKey, long now) {
        h.createUpdate("INSERT INTO api_keys (id, workspace_id, name, key_hash, partial_key, created_at)"
                        + " VALUES (:id, :ws, :name, :hash, :partial, :now)")
                .bind("id", Ids.newId("key_", clock))
                .bind("ws", workspaceId)
                .bind("name", name)
                .bind("hash", ApiKeyHash.of(apiKey))
                .bind("partial", apiKey.substring(0, 8) + "..." + apiKey.substring(apiKey.length() - 4))
                .bind("now", now)
                .execute();
    }

    /** An API key as its list shows it: never the key itself. */
    public record ApiKey(String id, String name, String partialKey, long createdAt, Long revokedAt) {}

    public List<ApiKey> keys(String workspaceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, partial_key, created_at, revoked_at FROM api_keys"
                        + " WHERE workspace_id = :ws ORDER BY created_at, id")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> {
                    long revoked = rs.getLong(5);
                    return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.wasNull() ? null : revoked);
                })
                .list());
    }

    /** A new key for the workspace; its plain text is returned once and never stored. */
    public String createKey(String workspaceId, String name) {
        if (name == null || name.isBlank() || name.length() > 190) {
            throw ApiException.invalid("name", "must be a non-empty string of at most 190 characters");
        }
        String apiKey = KEY_PREFIX + Ids.randomAlphanumeric(40);
        jdbi.useHandle(h -> insertKey(h, workspaceId, name.strip(), apiKey, clock.millis()));
        return apiKey;
    }

    /** Revokes a key of the workspace; other processes stop accepting it within the cache's few seconds. */
    public void revokeKey(String workspaceId, String keyId) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :now"
                        + " WHERE id = :id AND workspace_id = :ws AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", keyId).bind("ws", workspaceId).execute());
        if (changed == 0) {
            throw ApiException.notFound("API key not found or already revoked.");
        }
        workspaceByKeyHash.invalidateAll();
    }

    /** An API key's workspace, and the key as the audit log names it: its id and partial form. */
    public record KeyOwner(String workspaceId, String keyId, String partialKey) {}

    /** The workspace an API key belongs to, if the key exists and is not revoked. */
    public Optional<String> workspaceIdForKey(String apiKey) {
        return ownerOfKey(apiKey).map(KeyOwner::workspaceId);
    }

    public Optional<KeyOwner> ownerOfKey(String apiKey) {
        String hash = ApiKeyHash.of(apiKey);
        return workspaceByKeyHash.get(hash, h -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT workspace_id, id, partial_key FROM api_keys WHERE key_hash = :hash"
                        + " AND revoked_at IS NULL")
                .bind("hash", h)
                .map((rs, ctx) -> new KeyOwner(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne()));
    }

    public Workspace get(String workspaceId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", workspaceId)
                .map((rs, ctx) -> read(rs))
                .one());
    }

    public List<Workspace> list() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY created_at").map((rs, ctx) -> read(rs)).list());
    }

    /** PATCH /workspace: the name and the attribution window (days a click keeps earning conversions). */
    public Workspace update(String workspaceId, Map<String, Object> body) {
        Workspace current = get(workspaceId);
        String name = current.name();
        int window = current.attributionWindowDays();
        if (body.containsKey("name")) {
            if (!(body.get("name") instanceof String s) || s.isBlank() || s.length() > 190) {
                throw ApiException.invalid("name", "must be a non-empty string of at most 190 characters");
            }
            name = s.strip();
        }
        if (body.containsKey("attributionWindowDays")) {
            if (!(body.get("attributionWindowDays") instanceof Integer days) || days < 1 || days > MAX_WINDOW_DAYS) {
                throw ApiException.invalid("attributionWindowDays", "must be an integer from 1 to " + MAX_WINDOW_DAYS);
            }
            window = days;
        }
        String newName = name;
        int newWindow = window;
        jdbi.useHandle(h -> h.createUpdate("UPDATE workspaces SET name = :name, attribution_window_days = :days WHERE id = :id")
                .bind("name", newName).bind("days", newWindow).bind("id", workspaceId).execute());
        return get(workspaceId);
    }

    private static Workspace read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Workspace(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
    }
}
