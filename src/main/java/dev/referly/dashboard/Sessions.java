package dev.referly.dashboard;

import dev.referly.shared.Sha256;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Signed-in sessions, stored in the database (by the SHA-256 of the cookie value) so that any
 * process sharing it accepts them. A session ends after {@link #IDLE_MILLIS} without a request
 * or {@link #MAX_AGE_MILLIS} after sign-in, whichever comes first.
 */
final class Sessions {
    static final long IDLE_MILLIS = 12 * 3_600_000L;
    static final long MAX_AGE_MILLIS = 14 * 86_400_000L;
    /** The expiry moves forward at most this often, so reads do not write on every request. */
    private static final long TOUCH_MILLIS = 60_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Accounts accounts;

    record Session(Account account, String csrfToken) {}

    record Opened(String cookieValue, Session session) {}

    Sessions(Jdbi jdbi, Clock clock, Accounts accounts) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.accounts = accounts;
    }

    Opened open(Account account) {
        String token = random();
        String csrf = random();
        long now = clock.millis();
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM dashboard_sessions WHERE account_id = :id AND expires_at <= :now")
                    .bind("id", account.id()).bind("now", now).execute();
            h.createUpdate("INSERT INTO dashboard_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at,"
                            + " expires_at) VALUES (:hash, :account, :csrf, :now, :now, :expires)")
                    .bind("hash", hash(token)).bind("account", account.id()).bind("csrf", csrf).bind("now", now)
                    .bind("expires", Math.min(now + IDLE_MILLIS, now + MAX_AGE_MILLIS)).execute();
        });
        return new Opened(token, new Session(account, csrf));
    }

    Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        String hash = hash(cookieValue);
        Optional<Object[]> row = jdbi.withHandle(h -> h.createQuery("SELECT account_id, csrf_token, created_at,"
                        + " last_seen_at FROM dashboard_sessions WHERE token_hash = :hash AND expires_at > :now")
                .bind("hash", hash).bind("now", now)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)})
                .findOne());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = row.get();
        if (now - (long) r[3] >= TOUCH_MILLIS) {
            long expires = Math.min(now + IDLE_MILLIS, (long) r[2] + MAX_AGE_MILLIS);
            jdbi.useHandle(h -> h.createUpdate("UPDATE dashboard_sessions SET last_seen_at = :now, expires_at = :expires"
                            + " WHERE token_hash = :hash").bind("now", now).bind("expires", expires).bind("hash", hash)
                    .execute());
        }
        return accounts.find((String) r[0]).map(a -> new Session(a, (String) r[1]));
    }

    void close(String cookieValue) {
        if (cookieValue != null) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM dashboard_sessions WHERE token_hash = :hash")
                    .bind("hash", hash(cookieValue)).execute());
        }
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        return Sha256.hex(token);
    }
}
