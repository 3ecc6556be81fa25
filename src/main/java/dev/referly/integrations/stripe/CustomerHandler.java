package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.Customer;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * customer.created / customer.updated: metadata {@code dubCustomerExternalId} (legacy
 * {@code dubCustomerId}) and {@code dubClickId} bind the Stripe customer to a Referly customer. An
 * unknown externalId with a click creates the customer from the click, with a "New customer" lead;
 * a click alone names the customer by its Stripe id.
 */
final class CustomerHandler implements EventHandler {
    static final String NEW_CUSTOMER_LEAD = "New customer";

    private final Deps deps;

    CustomerHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public Outcome apply(Handle h, Context ctx, JsonNode customer) {
        String ws = ctx.workspaceId();
        String stripeId = StripeJson.text(customer, "id");
        String externalId = EventHandler.externalIdIn(customer);
        String clickId = StripeJson.text(customer, "metadata", CLICK_ID);
        String name = StripeJson.text(customer, "name");
        String email = StripeJson.text(customer, "email");
        if (stripeId == null) {
            return Outcome.ignored("the customer has no id");
        }
        if (externalId == null && clickId == null) {
            return Outcome.ignored("no " + EXTERNAL_ID + " or " + CLICK_ID + " in the customer's metadata");
        }
        String effectiveExternalId = externalId != null ? externalId : stripeId;
        Optional<Customer> found = deps.customers().byExternalId(h, ws, effectiveExternalId);
        String note = "bound to customer ";
        if (found.isEmpty()) {
            if (clickId == null) {
                return Outcome.ignored("no Referly customer with externalId " + externalId + ", and no " + CLICK_ID
                        + " to create one from");
            }
            found = deps.leads().customerFromClick(h, ws, effectiveExternalId, name, email, clickId, NEW_CUSTOMER_LEAD);
            if (found.isEmpty()) {
                return Outcome.ignored("click " + clickId + " not found");
            }
            note = "created from click " + clickId + " as customer ";
        }
        deps.customers().bindStripeCustomer(h, found.get(), stripeId, name, email);
        return Outcome.applied(note + found.get().id(), Outcome.customerKey(stripeId),
                Outcome.externalKey(effectiveExternalId));
    }
}
