package dev.referly.integrations.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.referly.shared.ApiException;
import java.time.Clock;
import java.util.List;

/**
 * Checks the {@code Stripe-Signature} header with stripe-java: an HMAC-SHA256 of
 * {@code "<t>.<body>"} under one of the connection's active secrets, compared in constant time,
 * with a timestamp at most five minutes old (by the server's clock), as Stripe's own libraries do.
 */
final class StripeSignature {
    static final long TOLERANCE_SECONDS = 300;

    private StripeSignature() {}

    static void verify(String payload, String header, List<String> secrets, Clock clock) {
        if (header == null || header.isBlank()) {
            throw ApiException.badRequest("Missing Stripe-Signature header.");
        }
        if (secrets.isEmpty()) {
            throw ApiException.badRequest("The Stripe connection has no active signing secret.");
        }
        String problem = null;
        for (String secret : secrets) {
            try {
                Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE_SECONDS, clock);
                return;
            } catch (SignatureVerificationException e) {
                problem = e.getMessage();
            }
        }
        throw ApiException.badRequest("Invalid Stripe signature: " + problem);
    }
}
