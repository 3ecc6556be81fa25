package dev.referly.conversions;

import dev.referly.shared.Ids;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Customers as payment processor integrations see them: found by the processor's customer id,
 * externalId or email, and bound to the processor's customer. Every method runs inside the
 * caller's transaction.
 */
public final class ProcessorCustomers {
    private final Clock clock;
    private final CustomerRepository customers = new CustomerRepository();

    public ProcessorCustomers(Clock clock) {
        this.clock = clock;
    }

    /** The customer bound to this Stripe customer id (the first one bound, should there be several). */
    public Optional<Customer> byStripeCustomerId(Handle h, String workspaceId, String stripeCustomerId) {
        return h.createQuery(CustomerRepository.SELECT + " WHERE workspace_id = :ws AND stripe_customer_id = :stripe"
                        + " AND erased_at IS NULL ORDER BY created_at, id LIMIT 1")
                .bind("ws", workspaceId).bind("stripe", stripeCustomerId)
                .map((rs, ctx) -> CustomerRepository.read(rs)).findOne();
    }

    public Optional<Customer> byExternalId(Handle h, String workspaceId, String externalId) {
        return customers.byExternalId(h, workspaceId, externalId);
    }

    /** The newest customer with this email. */
    public Optional<Customer> byEmail(Handle h, String workspaceId, String email) {
        return h.createQuery(CustomerRepository.SELECT + " WHERE workspace_id = :ws AND email = :email"
                        + " AND erased_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("ws", workspaceId).bind("email", email)
                .map((rs, ctx) -> CustomerRepository.read(rs)).findOne();
    }

    /**
     * Binds the Stripe customer to the customer, replacing an earlier binding (the latest Stripe
     * customer of a person is the one that pays next), and fills in a missing name and email.
     */
    public void bindStripeCustomer(Handle h, Customer customer, String stripeCustomerId, String name, String email) {
        long now = clock.millis();
        customers.complete(h, customer.id(), customer.name() == null ? name : null,
                customer.email() == null ? email : null, null, now);
        h.createUpdate("UPDATE customers SET stripe_customer_id = :stripe, updated_at = :now WHERE id = :id")
                .bind("stripe", stripeCustomerId).bind("now", now).bind("id", customer.id())
                .execute();
    }

    /** Credits a customer that has no attributed link to {@code linkId} (a partner's discount code brought it). */
    public void attributeToLink(Handle h, Customer customer, String linkId) {
        h.createUpdate("UPDATE customers SET link_id = :link, attributed = :yes, updated_at = :now WHERE id = :id"
                        + " AND (link_id IS NULL OR attributed = :no)")
                .bind("link", linkId).bind("yes", true).bind("no", false).bind("now", clock.millis())
                .bind("id", customer.id()).execute();
    }

    /**
     * The customer with this externalId, created without a click and credited to {@code linkId}
     * (a partner's discount code brought it, not a visit); an existing one is returned as it is.
     */
    public Customer createForLink(Handle h, String workspaceId, String externalId, String name, String email,
            String linkId) {
        long now = clock.millis();
        String displayName = name != null && !name.isBlank() ? name
                : email != null && !email.isBlank() ? email : FriendlyNames.next();
        Customer fresh = new Customer(Ids.newId("cus_", now), workspaceId, externalId, displayName, email, null, null,
                null, null, linkId, linkId != null, 0, 0, null, null, now, now);
        if (customers.insertIfAbsent(h, fresh)) {
            return fresh;
        }
        return customers.byExternalId(h, workspaceId, externalId).orElseThrow();
    }

    /** Customer ids re-read inside the transaction, e.g. after a binding. */
    public Optional<Customer> byId(Handle h, String workspaceId, String customerId) {
        return customers.byId(h, workspaceId, customerId);
    }

    /** The customer's subscription ended at {@code at}. */
    public void markSubscriptionCanceled(Handle h, String customerId, long at) {
        h.createUpdate("UPDATE customers SET subscription_canceled_at = :at, updated_at = :now WHERE id = :id")
                .bind("at", at).bind("now", clock.millis()).bind("id", customerId).execute();
    }
}
