package dev.referly.integrations.stripe;

import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.storage.ConstraintViolation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PUT/GET/DELETE /integrations/stripe: a workspace connects Stripe by pasting its endpoint's
 * signing secret. A new secret does not end the old ones at once: they keep verifying for a
 * grace period (24 hours unless told otherwise), as during Stripe's "roll secret".
 */
public final class StripeConnections {
    static final int DEFAULT_GRACE_HOURS = 24;
    private static final int MAX_GRACE_HOURS = 7 * 24;
    private static final java.util.regex.Pattern API_KEY =
            java.util.regex.Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9_]{4,}");

    private final Jdbi jdbi;
    private final Clock clock;

    public StripeConnections(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public StripeConnection get(String workspaceId) {
        return find(workspaceId).orElseThrow(() -> ApiException.notFound("Stripe is not connected."));
    }

    public Optional<StripeConnection> find(String workspaceId) {
        return jdbi.withHandle(h -> find(h, workspaceId));
    }

    static Optional<StripeConnection> find(Handle h, String workspaceId) {
        Optional<StripeConnection> row = h.createQuery("SELECT workspace_id, mode, account_id, track_free_trials,"
                        + " track_trial_quantity, created_at, updated_at, api_key, provision_credits"
                        + " FROM stripe_connections WHERE workspace_id = :ws")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> {
                    String key = rs.getString(8);
                    return new StripeConnection(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4), rs.getBoolean(5), List.of(), rs.getLong(6), rs.getLong(7),
                            key == null ? null : key.substring(key.length() - 4), rs.getBoolean(9));
                })
                .findOne();
        return row.map(c -> new StripeConnection(c.workspaceId(), c.mode(), c.accountId(), c.trackFreeTrials(),
                c.trackTrialQuantity(), secrets(h, workspaceId), c.createdAt(), c.updatedAt(), c.apiKeyLast4(),
                c.provisionCredits()));
    }

    /** The workspace whose connection names this Stripe account, for the shared endpoint. */
    public Optional<String> workspaceOfAccount(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT workspace_id FROM stripe_connections WHERE account_id = :a")
                .bind("a", accountId).mapTo(String.class).findOne());
    }

    private static List<StripeConnection.Secret> secrets(Handle h, String workspaceId) {
        return h.createQuery("SELECT id, secret, created_at, expires_at FROM stripe_webhook_secrets"
                        + " WHERE workspace_id = :ws"
                        + " ORDER BY CASE WHEN expires_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> {
                    long expires = rs.getLong(4);
                    Long expiresAt = rs.wasNull() ? null : expires;
                    return new StripeConnection.Secret(rs.getString(1), rs.getString(2), rs.getLong(3), expiresAt);
                })
                .list();
    }

    /**
     * PUT: {@code webhookSecret} (required to connect; a new one starts a rotation),
     * {@code mode} live|test, {@code accountId}, {@code trackFreeTrials}, {@code trackTrialQuantity},
     * {@code previousSecretsExpireInHours} (0 to 168, default 24: how long the secrets in use keep
     * working once a new one is given). Fields not sent keep their values.
     */
    public StripeConnection connect(String workspaceId, Map<String, Object> body) {
        String secret = text(body, "webhookSecret", 255);
        if (secret != null && !secret.startsWith("whsec_")) {
            throw ApiException.invalid("webhookSecret", "must be the endpoint's signing secret (whsec_...)");
        }
        String mode = text(body, "mode", 10);
        if (mode != null && !mode.equals(StripeConnection.LIVE) && !mode.equals(StripeConnection.TEST)) {
            throw ApiException.invalid("mode", "must be live or test");
        }
        boolean accountSent = body.containsKey("accountId");
        String account = text(body, "accountId", 255);
        if (account != null && !account.startsWith("acct_")) {
            throw ApiException.invalid("accountId", "must be a Stripe account id (acct_...)");
        }
        // apiKey: a secret (sk_) or restricted (rk_) key for provisioning credit; null removes it.
        boolean apiKeySent = body.containsKey("apiKey");
        String apiKey = text(body, "apiKey", 255);
        if (apiKey != null && !API_KEY.matcher(apiKey).matches()) {
            throw ApiException.invalid("apiKey", "must be a Stripe secret or restricted key (sk_test_, sk_live_, rk_test_, rk_live_)");
        }
        Boolean provision = bool(body, "provisionCredits");
        Boolean trials = bool(body, "trackFreeTrials");
        Boolean quantity = bool(body, "trackTrialQuantity");
        long graceHours = DEFAULT_GRACE_HOURS;
        if (body.get("previousSecretsExpireInHours") != null) {
            if (!(body.get("previousSecretsExpireInHours") instanceof Integer hours) || hours < 0
                    || hours > MAX_GRACE_HOURS) {
                throw ApiException.invalid("previousSecretsExpireInHours", "must be an integer from 0 to " + MAX_GRACE_HOURS);
            }
            graceHours = hours;
        }
        long now = clock.millis();
        long expiry = now + Duration.ofHours(graceHours).toMillis();
        try {
            jdbi.useTransaction(h -> {
                Optional<StripeConnection> current = find(h, workspaceId);
                if (current.isEmpty() && secret == null) {
                    throw ApiException.invalid("webhookSecret", "is required to connect Stripe");
                }
                boolean keyAfter = apiKeySent ? apiKey != null : current.map(c -> c.apiKeyLast4() != null).orElse(false);
                boolean provisionAfter = provision != null ? provision
                        : current.map(StripeConnection::provisionCredits).orElse(false);
                if (provisionAfter && !keyAfter) {
                    throw ApiException.invalid("apiKey", "is required to provision credits in Stripe");
                }
                if (current.isEmpty()) {
                    h.createUpdate("INSERT INTO stripe_connections (workspace_id, mode, account_id, track_free_trials,"
                                    + " track_trial_quantity, created_at, updated_at) VALUES (:ws, :mode, :account, :trials,"
                                    + " :quantity, :now, :now)")
                            .bind("ws", workspaceId).bind("mode", mode == null ? StripeConnection.LIVE : mode)
                            .bind("account", account).bind("trials", trials != null && trials)
                            .bind("quantity", quantity != null && quantity).bind("now", now).execute();
                } else {
                    StripeConnection c = current.get();
                    h.createUpdate("UPDATE stripe_connections SET mode = :mode, account_id = :account,"
                                    + " track_free_trials = :trials, track_trial_quantity = :quantity, updated_at = :now"
                                    + " WHERE workspace_id = :ws")
                            .bind("ws", workspaceId).bind("mode", mode == null ? c.mode() : mode)
                            .bind("account", accountSent ? account : c.accountId())
                            .bind("trials", trials == null ? c.trackFreeTrials() : trials)
                            .bind("quantity", quantity == null ? c.trackTrialQuantity() : quantity)
                            .bind("now", now).execute();
                }
                if (secret != null && current.map(c -> c.secrets().stream().noneMatch(s -> s.secret().equals(secret)
                        && s.activeAt(now))).orElse(true)) {
                    // The secrets in use keep working for the grace period; the new one has no end.
                    h.createUpdate("UPDATE stripe_webhook_secrets SET expires_at = :expiry WHERE workspace_id = :ws"
                                    + " AND (expires_at IS NULL OR expires_at > :expiry)")
                            .bind("ws", workspaceId).bind("expiry", expiry).execute();
                    h.createUpdate("DELETE FROM stripe_webhook_secrets WHERE workspace_id = :ws AND secret = :secret")
                            .bind("ws", workspaceId).bind("secret", secret).execute();
                    h.createUpdate("INSERT INTO stripe_webhook_secrets (id, workspace_id, secret, created_at)"
                                    + " VALUES (:id, :ws, :secret, :now)")
                            .bind("id", Ids.newId("sws_", now)).bind("ws", workspaceId).bind("secret", secret)
                            .bind("now", now).execute();
                }
                if (apiKeySent) {
                    h.createUpdate("UPDATE stripe_connections SET api_key = :key WHERE workspace_id = :ws")
                            .bind("key", apiKey).bind("ws", workspaceId).execute();
                }
                h.createUpdate("UPDATE stripe_connections SET provision_credits = :p WHERE workspace_id = :ws")
                        .bind("p", provisionAfter).bind("ws", workspaceId).execute();
                h.createUpdate("DELETE FROM stripe_webhook_secrets WHERE workspace_id = :ws AND expires_at <= :now")
                        .bind("ws", workspaceId).bind("now", now).execute();
            });
        } catch (RuntimeException e) {
            throw ConstraintViolation.unique(e)
                    .map(v -> ApiException.conflict("Stripe account " + account + " is connected to another workspace."))
                    .orElseThrow(() -> e);
        }
        return get(workspaceId);
    }

    /** DELETE: the connection and its secrets go; the events received stay listed. */
    public void disconnect(String workspaceId) {
        int removed = jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM stripe_webhook_secrets WHERE workspace_id = :ws").bind("ws", workspaceId)
                    .execute();
            return h.createUpdate("DELETE FROM stripe_connections WHERE workspace_id = :ws").bind("ws", workspaceId)
                    .execute();
        });
        if (removed == 0) {
            throw ApiException.notFound("Stripe is not connected.");
        }
    }

    private static String text(Map<String, Object> body, String field, int max) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.invalid(field, "must be a non-empty string");
        }
        if (s.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return s.strip();
    }

    private static Boolean bool(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.invalid(field, "must be true or false");
        }
        return b;
    }
}
