package dev.referly.integrations.stripe;

import java.util.LinkedHashSet;
import java.util.Set;

/** What applying a Stripe event did. */
sealed interface Outcome {
    String state();

    /** A note on what was done (or why nothing was), shown with the event. */
    String reason();

    /**
     * Applied. {@code provides} names what it made known ('customer:cus_..', 'customer-ext:..',
     * 'sale:in_..|pi_..|ch_..'), so the events waiting for it are run again.
     */
    record Applied(Set<String> provides, String reason) implements Outcome {
        public String state() {
            return "applied";
        }
    }

    /** Needs something that has not arrived yet, named by {@code waitsFor} keys like those of {@link Applied}. */
    record Waiting(Set<String> waitsFor, String reason) implements Outcome {
        public String state() {
            return "waiting";
        }
    }

    record Ignored(String reason) implements Outcome {
        public String state() {
            return "ignored";
        }
    }

    static Applied applied(String note, String... provides) {
        return new Applied(keys(provides), note);
    }

    static Waiting waiting(String reason, String... keys) {
        return new Waiting(keys(keys), reason);
    }

    static Ignored ignored(String reason) {
        return new Ignored(reason);
    }

    static String customerKey(String stripeCustomerId) {
        return stripeCustomerId == null ? null : "customer:" + stripeCustomerId;
    }

    static String externalKey(String externalId) {
        return externalId == null ? null : "customer-ext:" + externalId;
    }

    static String saleKey(String paymentId) {
        return paymentId == null ? null : "sale:" + paymentId;
    }

    /** The non-null keys, in order. */
    private static Set<String> keys(String... keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            if (k != null) {
                out.add(k);
            }
        }
        return Set.copyOf(out);
    }
}
