package dev.referly.conversions;

import dev.referly.clicks.ClickRows;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Leads: a customer signs up (or reaches any named milestone) after a click. The first lead
 * binds the customer to its click; each (customer, event name) is recorded once, enforced by
 * the lead_names primary key so it holds across concurrent requests and processes.
 */
public final class LeadService {
    public static final String SOURCE_TRACKED = "tracked";
    public static final String SOURCE_TRIAL = "trial";
    static final String SOURCE_DIRECT_SALE = "direct";

    private final GroupCommitWriter writer;
    private final Clock clock;
    private final CustomerRepository customers = new CustomerRepository();
    private final ConversionListener listener;

    public LeadService(GroupCommitWriter writer, Clock clock, ConversionListener listener) {
        this.writer = writer;
        this.clock = clock;
        this.listener = listener;
    }

    public LeadResult track(String workspaceId, TrackLeadRequest r) {
        long now = clock.millis();
        // A named click is looked up before the write transaction: clicks never change.
        Attribution.Credited named = r.clickId().isEmpty() ? null
                : writer.read(h -> Attribution.ofClick(h, workspaceId, r.clickId(), now));
        return writer.inTransaction(h -> {
            Attribution.Credited credited = named;
            if (credited == null) {
                Optional<Customer> existing = customers.byExternalId(h, workspaceId, r.customerExternalId());
                String clickId = existing.map(Customer::clickId).orElseThrow(() -> ApiException.badRequest(
                        "clickId is empty and customer " + r.customerExternalId() + " has no stored click."));
                credited = Attribution.ofClick(h, workspaceId, clickId, now);
            }
            Customer customer = customerFor(h, workspaceId, r.customerExternalId(), r.customerName(), r.customerEmail(),
                    r.customerAvatar(), credited, now);
            if (r.mode() == TrackLeadRequest.Mode.DEFERRED) {
                return new LeadResult(credited.click(), credited.linkId(), customer, false, credited.attributed());
            }
            String leadId = record(h, workspaceId, customer.id(), credited, r.eventName(), r.quantity(),
                    SOURCE_TRACKED, r.metadata(), now);
            boolean recorded = leadId != null;
            if (recorded) {
                listener.leadRecorded(h, new ConversionListener.LeadRecorded(workspaceId, leadId, customer.id(),
                        credited.attributed() ? credited.linkId() : null, credited.click().id(), r.eventName(),
                        r.quantity(), r.metadata(), now));
            }
            return new LeadResult(credited.click(), credited.linkId(), customer, recorded, credited.attributed());
        });
    }

    /**
     * For payment processor integrations, inside the caller's transaction: the customer with this
     * externalId, created from (or bound to) the click, with a lead named {@code leadName} recorded
     * once (and told to the listener, so it earns its lead reward). Empty when the click is unknown
     * or another workspace's.
     */
    public Optional<Customer> customerFromClick(Handle h, String workspaceId, String externalId, String name,
            String email, String clickId, String leadName) {
        long now = clock.millis();
        if (ClickRows.byId(h, clickId).filter(c -> c.workspaceId().equals(workspaceId)).isEmpty()) {
            return Optional.empty();
        }
        Attribution.Credited credited = Attribution.ofClick(h, workspaceId, clickId, now);
        Customer customer = customerFor(h, workspaceId, externalId, name, email, null, credited, now);
        recordAndTell(h, workspaceId, customer, credited, leadName, 1, SOURCE_TRACKED, now);
        return Optional.of(customer);
    }

    /**
     * For payment processor integrations, inside the caller's transaction: {@code quantity} leads
     * named {@code eventName} for an existing customer, on the click stored on it (a started trial,
     * source {@link #SOURCE_TRIAL}). False when the customer has no click or already has such a lead.
     */
    public boolean processorLead(Handle h, String workspaceId, Customer customer, String eventName, int quantity,
            String source) {
        if (customer.clickId() == null) {
            return false;
        }
        long now = clock.millis();
        Attribution.Credited credited = Attribution.ofClick(h, workspaceId, customer.clickId(), now);
        return recordAndTell(h, workspaceId, customer, credited, eventName, quantity, source, now);
    }

    private boolean recordAndTell(Handle h, String workspaceId, Customer customer, Attribution.Credited credited,
            String eventName, int quantity, String source, long now) {
        String leadId = record(h, workspaceId, customer.id(), credited, eventName, quantity, source, null, now);
        if (leadId == null) {
            return false;
        }
        listener.leadRecorded(h, new ConversionListener.LeadRecorded(workspaceId, leadId, customer.id(),
                credited.attributed() ? credited.linkId() : null, credited.click().id(), eventName, quantity, null,
                now));
        return true;
    }

    /** The customer with this externalId, created (bound to the click) or completed with what was sent. */
    static Customer customerFor(Handle h, String workspaceId, String externalId, String name, String email,
            String avatar, Attribution.Credited credited, long now) {
        CustomerRepository customers = new CustomerRepository();
        String displayName = name != null && !name.isBlank() ? name
                : email != null && !email.isBlank() ? email : FriendlyNames.next();
        Customer fresh = new Customer(Ids.newId("cus_", now), workspaceId, externalId, displayName, email, avatar,
                credited.click().country().equals("Unknown") ? null : credited.click().country(), null,
                credited.click().id(), credited.linkId(), credited.attributed(), 0, 0, null, null, now, now);
        if (customers.insertIfAbsent(h, fresh)) {
            return fresh; // the row as stored: the columns it leaves out have their defaults in the record
        }
        Customer existing = customers.byExternalId(h, workspaceId, externalId)
                .orElseThrow(() -> ApiException.conflict("Customer " + externalId + " was erased."));
        customers.complete(h, existing.id(), name, email, avatar, now);
        customers.bindClick(h, existing.id(), credited.click().id(), credited.linkId(), credited.attributed(),
                fresh.country(), now);
        return customers.byExternalId(h, workspaceId, externalId).orElseThrow();
    }

    /** Records {@code quantity} leads unless this customer already has one of this name; the first lead's id, or null. */
    static String record(Handle h, String workspaceId, String customerId, Attribution.Credited credited,
            String eventName, int quantity, String source, String metadata, long now) {
        int claimed = h.createUpdate("INSERT INTO lead_names (workspace_id, customer_id, event_name, created_at)"
                        + " VALUES (:ws, :customer, :name, :now) ON CONFLICT (workspace_id, customer_id, event_name) DO NOTHING")
                .bind("ws", workspaceId).bind("customer", customerId).bind("name", eventName).bind("now", now)
                .execute();
        if (claimed == 0) {
            return null;
        }
        String firstId = null;
        var insert = h.prepareBatch("INSERT INTO leads (id, workspace_id, customer_id, click_id, link_id, event_name,"
                + " source, metadata, ts) VALUES (:id, :ws, :customer, :click, :link, :name, :source, :metadata, :ts)");
        for (int i = 0; i < quantity; i++) {
            String id = Ids.clickId(now);
            firstId = firstId == null ? id : firstId;
            insert.bind("id", id).bind("ws", workspaceId).bind("customer", customerId)
                    .bind("click", credited.click().id()).bind("link", credited.linkId()).bind("name", eventName)
                    .bind("source", source).bind("metadata", metadata).bind("ts", now).add();
        }
        insert.execute();
        if (credited.attributed()) {
            h.createUpdate("UPDATE links SET leads = leads + :n WHERE id = :id")
                    .bind("n", quantity).bind("id", credited.linkId()).execute();
        }
        return firstId;
    }
}
