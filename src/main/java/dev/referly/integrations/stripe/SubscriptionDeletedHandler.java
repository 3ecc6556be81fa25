package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.Customer;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** customer.subscription.deleted: the customer's subscription is canceled (at its ended_at or canceled_at). */
final class SubscriptionDeletedHandler implements EventHandler {
    private final Deps deps;
    private final java.time.Clock clock;

    SubscriptionDeletedHandler(Deps deps, java.time.Clock clock) {
        this.deps = deps;
        this.clock = clock;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode subscription) {
        String stripeCustomer = StripeJson.id(subscription, "customer");
        if (stripeCustomer == null) {
            return Outcome.ignored("the subscription names no customer");
        }
        Optional<Customer> customer = deps.customers().byStripeCustomerId(h, ctx.workspaceId(), stripeCustomer);
        if (customer.isEmpty()) {
            return Outcome.waiting("waiting for Stripe customer " + stripeCustomer + " to be bound to a Referly customer",
                    Outcome.customerKey(stripeCustomer));
        }
        Long endedSeconds = StripeJson.first(StripeJson.number(subscription, "ended_at"),
                StripeJson.number(subscription, "canceled_at"));
        long at = endedSeconds == null ? clock.millis() : endedSeconds * 1000;
        deps.customers().markSubscriptionCanceled(h, customer.get().id(), at);
        return Outcome.applied("customer " + customer.get().id() + "'s subscription marked canceled");
    }
}
