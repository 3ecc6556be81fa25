package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.Customer;
import dev.referly.conversions.LeadService;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * customer.subscription.created with status trialing, when the connection tracks free trials: a
 * "Started Trial" lead (source {@code trial}) on the customer's click, one per seat (the items'
 * quantities, at most 100) when trial quantities are tracked too.
 */
final class TrialStartedHandler implements EventHandler {
    static final String TRIAL_LEAD = "Started Trial";
    private static final int MAX_SEATS = 100;

    private final Deps deps;

    TrialStartedHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode subscription) {
        if (!ctx.connection().trackFreeTrials()) {
            return Outcome.ignored("free trials are not tracked (trackFreeTrials is off)");
        }
        String status = StripeJson.text(subscription, "status");
        if (!"trialing".equals(status)) {
            return Outcome.ignored("the subscription is " + status + ", not trialing");
        }
        String stripeCustomer = StripeJson.id(subscription, "customer");
        if (stripeCustomer == null) {
            return Outcome.ignored("the subscription names no customer");
        }
        Optional<Customer> customer = deps.customers().byStripeCustomerId(h, ctx.workspaceId(), stripeCustomer);
        if (customer.isEmpty()) {
            return Outcome.waiting("waiting for Stripe customer " + stripeCustomer + " to be bound to a Referly customer",
                    Outcome.customerKey(stripeCustomer));
        }
        if (customer.get().clickId() == null) {
            return Outcome.ignored("customer " + customer.get().id() + " came without a click: no lead to record");
        }
        int seats = ctx.connection().trackTrialQuantity() ? seats(subscription) : 1;
        boolean recorded = deps.leads().processorLead(h, ctx.workspaceId(), customer.get(), TRIAL_LEAD, seats,
                LeadService.SOURCE_TRIAL);
        return Outcome.applied(recorded ? seats + " \"" + TRIAL_LEAD + "\" lead(s) recorded for customer "
                + customer.get().id() : "customer " + customer.get().id() + " has a \"" + TRIAL_LEAD + "\" lead already");
    }

    private static int seats(JsonNode subscription) {
        long total = 0;
        JsonNode items = StripeJson.at(subscription, "items", "data");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                Long q = StripeJson.number(item, "quantity");
                total += q == null ? 1 : Math.max(q, 0);
            }
        }
        return (int) Math.max(1, Math.min(total, MAX_SEATS));
    }
}
