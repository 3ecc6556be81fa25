package dev.referly.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Publishable keys ({@code rly_pk_...}): the key a visitor's browser sends with the attribution
 * script. They are workspace-scoped, good only for the /track endpoints, and only from pages on
 * the key's allowed origins (see {@link AllowedOrigin}). Their answers carry no personal data,
 * and they report sales only up to the key's {@code maxSaleAmount} (none when unset).
 */
public final class PublishableKeys {
    public static final String PREFIX = "rly_pk_";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest ceiling a key may set on one browser-reported sale, in minor units. */
    public static final long MAX_SALE_CEILING = 100_000_000L;

    /** @param maxSaleAmount the largest sale a browser may report with the key; null: none at all */
    public record Key(String id, String workspaceId, String name, String partialKey, List<String> allowedHostnames,
            Long maxSaleAmount, long createdAt) {
        /** Whether a page at {@code pageUrl} (an Origin or a Referer) may use this key. */
        public boolean allows(String pageUrl) {
            return allowsPage(allowedHostnames, pageUrl);
        }
    }

    static boolean allowsPage(List<String> allowedHostnames, String pageUrl) {
        Optional<AllowedOrigin.Page> page = AllowedOrigin.Page.of(pageUrl);
        return page.isPresent() && allowedHostnames.stream().anyMatch(a -> AllowedOrigin.parse(a).allows(page.get()));
    }

    public record Created(Key key, String secret) {}

    private final Jdbi jdbi;
    private final Clock clock;
    // Every tracked browser call looks its key up: a short cache keeps that off the database,
    // and a revoked key stops working within seconds on every process.
    private final Cache<String, Optional<Key>> byHash =
            Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();
    private final Cache<Boolean, List<String>> allOrigins =
            Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(Duration.ofSeconds(5)).build();

    public PublishableKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Created create(String workspaceId, String name, List<String> hostnames, Long maxSaleAmount) {
        List<String> allowed = normalize(hostnames);
        if (maxSaleAmount != null && (maxSaleAmount < 1 || maxSaleAmount > MAX_SALE_CEILING)) {
            throw ApiException.invalid("maxSaleAmount", "must be between 1 and " + MAX_SALE_CEILING
                    + " (minor units), or absent to refuse sales from browsers");
        }
        String secret = PREFIX + Ids.randomAlphanumeric(32);
        Key key = new Key(Ids.newId("pk_", clock), workspaceId, name, secret.substring(0, 11) + "...", allowed,
                maxSaleAmount, clock.millis());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO publishable_keys (id, workspace_id, name, key_hash, partial_key,"
                        + " allowed_hostnames, max_sale_amount, created_at)"
                        + " VALUES (:id, :ws, :name, :hash, :partial, :hosts, :maxSale, :now)")
                .bind("id", key.id()).bind("ws", workspaceId).bind("name", name).bind("hash", SecretHash.of(secret))
                .bind("partial", key.partialKey()).bind("hosts", write(allowed)).bind("maxSale", maxSaleAmount)
                .bind("now", key.createdAt())
                .execute());
        allOrigins.invalidateAll();
        return new Created(key, secret);
    }

    /**
     * Whether any live key allows a page at {@code origin}: the CORS preflight carries no key, so
     * it is answered for the origins some workspace allowed and refused for every other.
     */
    public boolean anyAllows(String origin) {
        return allowsPage(allOrigins.get(Boolean.TRUE, k -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT allowed_hostnames FROM publishable_keys WHERE revoked_at IS NULL")
                .mapTo(String.class).list()).stream().flatMap(json -> read(json).stream()).distinct().toList()), origin);
    }

    public List<Key> list(String workspaceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, workspace_id, name, partial_key, allowed_hostnames, max_sale_amount, created_at"
                        + " FROM publishable_keys WHERE workspace_id = :ws AND revoked_at IS NULL ORDER BY created_at, id")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> key(rs))
                .list());
    }

    public void revoke(String workspaceId, String id) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE publishable_keys SET revoked_at = :now"
                        + " WHERE id = :id AND workspace_id = :ws AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", id).bind("ws", workspaceId).execute());
        if (n == 0) {
            throw ApiException.notFound("Publishable key not found.");
        }
        byHash.invalidateAll();
        allOrigins.invalidateAll();
    }

    public Optional<Key> find(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return byHash.get(SecretHash.of(secret), hash -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, workspace_id, name, partial_key, allowed_hostnames, max_sale_amount, created_at"
                                + " FROM publishable_keys"
                                + " WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .map((rs, ctx) -> key(rs))
                .findOne()));
    }

    private static Key key(java.sql.ResultSet rs) throws java.sql.SQLException {
        long maxSale = rs.getLong(6);
        Long ceiling = rs.wasNull() ? null : maxSale;
        return new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), read(rs.getString(5)),
                ceiling, rs.getLong(7));
    }

    private static List<String> normalize(List<String> hostnames) {
        if (hostnames == null || hostnames.isEmpty()) {
            throw ApiException.invalid("allowedHostnames", "must list at least one hostname (example.com or *.example.com)");
        }
        List<String> out = new ArrayList<>();
        for (String raw : hostnames) {
            String h = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            AllowedOrigin.parse(h);
            if (!out.contains(h)) {
                out.add(h);
            }
        }
        return List.copyOf(out);
    }

    private static String write(List<String> hosts) {
        try {
            return JSON.writeValueAsString(hosts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
