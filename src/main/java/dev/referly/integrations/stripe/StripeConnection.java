package dev.referly.integrations.stripe;

import java.util.List;

/**
 * A workspace's Stripe connection.
 *
 * @param mode      live or test: events of the other mode are acknowledged and ignored
 * @param accountId the connected Stripe account (acct_...), for the shared endpoint; may be null
 * @param secrets   the signing secrets that verify its webhooks, newest first
 * @param apiKeyLast4 the last 4 characters of the API key used to provision credit (never the key); may be null
 * @param provisionCredits whether credit grants are applied in Stripe automatically
 */
public record StripeConnection(String workspaceId, String mode, String accountId, boolean trackFreeTrials,
        boolean trackTrialQuantity, List<Secret> secrets, long createdAt, long updatedAt, String apiKeyLast4,
        boolean provisionCredits) {

    public static final String LIVE = "live";
    public static final String TEST = "test";

    /** A signing secret; {@code expiresAt} null while it has no end. */
    public record Secret(String id, String secret, long createdAt, Long expiresAt) {
        boolean activeAt(long now) {
            return expiresAt == null || expiresAt > now;
        }

        /** Enough to recognise it, never the secret itself. */
        public String hint() {
            return secret.length() <= 10 ? "whsec_…" : secret.substring(0, 6) + "…" + secret.substring(secret.length() - 4);
        }
    }

    public boolean live() {
        return LIVE.equals(mode);
    }

    List<String> activeSecrets(long now) {
        return secrets.stream().filter(s -> s.activeAt(now)).map(Secret::secret).toList();
    }
}
