package dev.referly.embed;

import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The embedded referral dashboard's public tokens: one partner's read-and-create-links access,
 * for two hours, stored hashed, revocable, and limited to {@link #REQUESTS_PER_MINUTE} requests
 * per minute (counted in the database, so every process shares the limit).
 */
public final class EmbedTokens {
    public static final Duration LIFETIME = Duration.ofHours(2);
    public static final int REQUESTS_PER_MINUTE = 60;
    private static final String PREFIX = "embed_";

    public record Created(String id, String token, long expiresAt) {}

    /** Whose dashboard a token opens. */
    public record Access(String tokenId, String workspaceId, String programId, String partnerId, long expiresAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public EmbedTokens(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Created create(String workspaceId, String programId, String partnerId) {
        long now = clock.millis();
        String token = PREFIX + Ids.randomAlphanumeric(40);
        Created created = new Created(Ids.newId("emt_", clock), token, now + LIFETIME.toMillis());
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO embed_tokens (id, workspace_id, program_id, partner_id, token_hash, created_at,"
                            + " expires_at) VALUES (:id, :ws, :program, :partner, :hash, :now, :expires)")
                    .bind("id", created.id()).bind("ws", workspaceId).bind("program", programId)
                    .bind("partner", partnerId).bind("hash", SecretHash.of(token)).bind("now", now)
                    .bind("expires", created.expiresAt()).execute();
            // Counters of finished minutes serve no one: sweep them as tokens are made.
            h.createUpdate("DELETE FROM embed_token_hits WHERE minute < :old").bind("old", minute(now) - 1).execute();
        });
        return created;
    }

    public void revoke(String workspaceId, String id) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE embed_tokens SET revoked_at = :now"
                        + " WHERE id = :id AND workspace_id = :ws AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", id).bind("ws", workspaceId).execute());
        if (n == 0) {
            throw ApiException.notFound("Embed token not found.");
        }
    }

    /** The access a token grants now, counting the request against its per-minute limit. */
    public Access use(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw ApiException.unauthorized("Missing or invalid token.");
        }
        long now = clock.millis();
        Optional<Access> found = jdbi.withHandle(h -> h.createQuery("SELECT id, workspace_id, program_id, partner_id,"
                        + " expires_at FROM embed_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", SecretHash.of(token))
                .map((rs, ctx) -> new Access(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .findOne());
        Access access = found.orElseThrow(() -> ApiException.unauthorized("This link is no longer valid."));
        if (access.expiresAt() <= now) {
            throw ApiException.unauthorized("This link has expired: reload the page that shows it.");
        }
        long minute = minute(now);
        int hits = jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO embed_token_hits (token_id, minute, hits) VALUES (:id, :minute, 1)"
                            + " ON CONFLICT (token_id, minute) DO UPDATE SET hits = embed_token_hits.hits + 1")
                    .bind("id", access.tokenId()).bind("minute", minute).execute();
            return h.createQuery("SELECT hits FROM embed_token_hits WHERE token_id = :id AND minute = :minute")
                    .bind("id", access.tokenId()).bind("minute", minute).mapTo(Integer.class).one();
        });
        if (hits > REQUESTS_PER_MINUTE) {
            throw new RateLimited((minute + 1) * 60_000 - now);
        }
        return access;
    }

    private static long minute(long millis) {
        return millis / 60_000;
    }

    /** Too many requests for one token; {@link #retryAfterSeconds()} until the next minute starts. */
    public static final class RateLimited extends ApiException {
        private final long waitMillis;

        RateLimited(long waitMillis) {
            super(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many requests for this token: at most " + REQUESTS_PER_MINUTE
                    + " a minute.");
            this.waitMillis = waitMillis;
        }

        public long retryAfterSeconds() {
            return Math.max(1, (waitMillis + 999) / 1000);
        }
    }
}
