package dev.referly.conversions;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.referly.shared.Ids;
import dev.referly.shared.Money;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Sales: money paid by a customer, credited to the link of the lead that brought them. An
 * invoice id makes a sale idempotent: the (workspace, invoiceId) unique constraint lets one
 * request record it and every repeat get the first answer back, across processes too.
 */
public final class SaleService {
    static final String DIRECT_SALE_LEAD = "Direct sale tracking lead event";

    private final GroupCommitWriter writer;
    private final Clock clock;
    private final FxRates fx;
    private final CustomerRepository customers = new CustomerRepository();
    private final ConversionListener listener;

    public SaleService(GroupCommitWriter writer, Clock clock, FxRates fx, ConversionListener listener) {
        this.writer = writer;
        this.clock = clock;
        this.fx = fx;
        this.listener = listener;
    }

    public SaleResult track(String workspaceId, TrackSaleRequest r) {
        long now = clock.millis();
        FxRates.Converted usd = fx.toUsd(r.amount(), now); // outside the transaction: it only reads rates
        return writer.inTransaction(h -> {
            if (r.invoiceId() != null) {
                Optional<String> first = storedAnswer(h, workspaceId, r.invoiceId());
                if (first.isPresent()) {
                    return new SaleResult(first.get());
                }
            }
            Optional<Customer> found = customers.byExternalId(h, workspaceId, r.customerExternalId());
            if (found.isEmpty() && r.clickId() == null) {
                return new SaleResult(json(answer(r.eventName(), r.amount(), r.paymentProcessor(), r.invoiceId(),
                        r.metadata(), null)));
            }
            Customer customer;
            Credit credit;
            if (found.isEmpty()) {
                // A direct sale: no lead was tracked, so the sale creates the customer and a lead
                // (which earns no lead reward) from the click it names.
                Attribution.Credited credited = Attribution.ofClick(h, workspaceId, r.clickId(), now);
                customer = LeadService.customerFor(h, workspaceId, r.customerExternalId(), r.customerName(),
                        r.customerEmail(), r.customerAvatar(), credited, now);
                String leadName = r.leadEventName() == null ? DIRECT_SALE_LEAD : r.leadEventName();
                LeadService.record(h, workspaceId, customer.id(), credited, leadName, 1, LeadService.SOURCE_DIRECT_SALE,
                        null, now);
                credit = new Credit(credited.click().id(), credited.linkId());
            } else {
                customer = found.get();
                credit = creditOf(h, customer, r.leadEventName());
            }
            String answer = json(answer(r.eventName(), r.amount(), r.paymentProcessor(), r.invoiceId(), r.metadata(),
                    customer));
            Optional<String> saleId = insert(h, workspaceId, customer, credit, r.eventName(), usd, r.amount(),
                    r.paymentProcessor(), r.invoiceId(), r.metadata(), answer, null, null, List.of(), null,
                    r.heldForReview(), now);
            if (saleId.isEmpty()) {
                // Another request recorded this invoice while we worked; its answer is the answer.
                return new SaleResult(storedAnswer(h, workspaceId, r.invoiceId()).orElseThrow());
            }
            return new SaleResult(answer);
        });
    }

    /**
     * A sale a payment processor reported (Stripe), recorded inside the caller's transaction so
     * it commits with the caller's own bookkeeping. The invoice id is its idempotency key, as for
     * /track/sale: a sale already recorded for it is returned instead ({@code inserted} false).
     */
    public RecordedSale recordProcessorSale(Handle h, String workspaceId, ProcessorSale s) {
        long now = clock.millis();
        Optional<RecordedSale> existing = byInvoice(h, workspaceId, s.invoiceId());
        if (existing.isPresent()) {
            return existing.get();
        }
        Customer customer = customers.byId(h, workspaceId, s.customerId())
                .orElseThrow(() -> new IllegalStateException("customer " + s.customerId() + " not found"));
        FxRates.Converted usd = fx.toUsd(s.amount(), now);
        Credit credit = creditOf(h, customer, null);
        if (credit.linkId() == null && s.creditLinkId() != null) {
            credit = new Credit(credit.clickId(), s.creditLinkId()); // e.g. a partner's discount code
        }
        List<ConversionListener.LineItem> lines = LineItems.inWorkspaceCurrency(s.lines(), usd);
        String answer = json(answer(s.eventName(), s.amount(), s.paymentProcessor(), s.invoiceId(), s.metadata(),
                customer));
        Optional<String> saleId = insert(h, workspaceId, customer, credit, s.eventName(), usd, s.amount(),
                s.paymentProcessor(), s.invoiceId(), s.metadata(), answer, s.paymentIntentId(), s.chargeId(), lines,
                s.recurring(), false, now);
        if (saleId.isEmpty()) {
            return byInvoice(h, workspaceId, s.invoiceId()).orElseThrow();
        }
        return new RecordedSale(saleId.get(), customer.id(), credit.linkId(), usd.amount(), true);
    }

    /** A processor sale as refunds see it: its id and how much of it was refunded so far. */
    public record PaidSale(String saleId, String customerId, long refundedAmount) {}

    /** The sale paid by this charge, else this payment intent, else this invoice (any may be null). */
    public Optional<PaidSale> byPaymentIds(Handle h, String workspaceId, String chargeId, String paymentIntentId,
            String invoiceId) {
        for (String[] match : new String[][] {{"stripe_charge_id", chargeId},
                {"stripe_payment_intent_id", paymentIntentId}, {"invoice_id", invoiceId}}) {
            if (match[1] == null) {
                continue;
            }
            Optional<PaidSale> found = h.createQuery("SELECT id, customer_id, refunded_amount FROM sales"
                            + " WHERE workspace_id = :ws AND " + match[0] + " = :value ORDER BY seq LIMIT 1")
                    .bind("ws", workspaceId).bind("value", match[1])
                    .map((rs, ctx) -> new PaidSale(rs.getString(1), rs.getString(2), rs.getLong(3)))
                    .findOne();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Keeps the payment ids of an invoice's sale that lacked them; false when no sale has that invoice. */
    public boolean addPaymentIds(Handle h, String workspaceId, String invoiceId, String paymentIntentId,
            String chargeId) {
        return h.createUpdate("UPDATE sales SET stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, :pi),"
                        + " stripe_charge_id = COALESCE(stripe_charge_id, :charge)"
                        + " WHERE workspace_id = :ws AND invoice_id = :invoice")
                .bind("pi", paymentIntentId).bind("charge", chargeId).bind("ws", workspaceId)
                .bind("invoice", invoiceId).execute() > 0;
    }

    /**
     * Raises the sale's refunded total to {@code cumulative} (the processor's running total, in the
     * refunds' currency); false when it was at least that already, so a refund is counted once.
     */
    public boolean recordRefunded(Handle h, String saleId, long cumulative) {
        return h.createUpdate("UPDATE sales SET refunded_amount = :cumulative WHERE id = :id"
                        + " AND refunded_amount < :cumulative")
                .bind("cumulative", cumulative).bind("id", saleId).execute() == 1;
    }

    /** A recorded sale: its event id, customer, credited link and amount in the workspace currency. */
    public record RecordedSale(String saleId, String customerId, String linkId, Money amount, boolean inserted) {}

    private static Optional<RecordedSale> byInvoice(Handle h, String workspaceId, String invoiceId) {
        return h.createQuery("SELECT id, customer_id, link_id, amount, currency FROM sales"
                        + " WHERE workspace_id = :ws AND invoice_id = :invoice")
                .bind("ws", workspaceId).bind("invoice", invoiceId)
                .map((rs, ctx) -> new RecordedSale(rs.getString("id"), rs.getString("customer_id"),
                        rs.getString("link_id"), new Money(rs.getLong("amount"), rs.getString("currency")), false))
                .findOne();
    }

    /** Inserts the sale unless its invoice is recorded already, counts it and tells the listener; its id, or empty. */
    private Optional<String> insert(Handle h, String workspaceId, Customer customer, Credit credit, String eventName,
            FxRates.Converted usd, Money original, String processor, String invoiceId, String metadata, String answer,
            String paymentIntentId, String chargeId, List<ConversionListener.LineItem> lines, Boolean recurring,
            boolean heldForReview, long now) {
        String saleId = Ids.clickId(now);
        boolean firstSale = customer.sales() == 0;
        boolean isRecurring = recurring != null ? recurring : !firstSale;
        int inserted = h.createUpdate("INSERT INTO sales (id, workspace_id, customer_id, click_id, link_id, event_name,"
                        + " amount, currency, original_amount, original_currency, fx_rate, payment_processor, invoice_id,"
                        + " metadata, response, ts, stripe_payment_intent_id, stripe_charge_id, line_items, recurring)"
                        + " VALUES (:id, :ws, :customer, :click, :link, :name, :amount, :currency, :originalAmount,"
                        + " :originalCurrency, :rate, :processor, :invoice, :metadata, :response, :ts, :paymentIntent,"
                        + " :charge, :lines, :recurring) ON CONFLICT (workspace_id, invoice_id) DO NOTHING")
                .bind("id", saleId).bind("ws", workspaceId).bind("customer", customer.id())
                .bind("click", credit.clickId()).bind("link", credit.linkId()).bind("name", eventName)
                .bind("amount", usd.amount().minor()).bind("currency", usd.amount().currency())
                .bind("originalAmount", original.minor()).bind("originalCurrency", original.currency())
                .bind("rate", usd.rate().toPlainString()).bind("processor", processor)
                .bind("invoice", invoiceId).bind("metadata", metadata).bind("response", answer)
                .bind("ts", now)
                .bind("paymentIntent", paymentIntentId).bind("charge", chargeId)
                .bind("lines", lines.isEmpty() ? null : json(lines)).bind("recurring", isRecurring)
                .execute();
        if (inserted == 0) {
            return Optional.empty();
        }
        customers.countSale(h, customer.id(), usd.amount().minor(), now);
        if (credit.linkId() != null) {
            h.createUpdate("UPDATE links SET sales = sales + 1, sale_amount = sale_amount + :amount,"
                            + " conversions = conversions + :first WHERE id = :id")
                    .bind("amount", usd.amount().minor()).bind("first", firstSale ? 1 : 0)
                    .bind("id", credit.linkId()).execute();
        }
        listener.saleRecorded(h, new ConversionListener.SaleRecorded(workspaceId, saleId, customer.id(),
                credit.linkId(), credit.clickId(), eventName, usd.amount().minor(), usd.amount().currency(),
                invoiceId, metadata, firstSale, lines, now, isRecurring, heldForReview));
        return Optional.of(saleId);
    }

    private record Credit(String clickId, String linkId) {}

    /** The lead the sale belongs to: the one named {@code leadEventName}, else the latest. */
    private static Credit creditOf(Handle h, Customer customer, String leadEventName) {
        Optional<Credit> lead = h.createQuery("SELECT click_id, link_id FROM leads WHERE customer_id = :customer"
                        + (leadEventName == null ? "" : " AND event_name = :name") + " ORDER BY ts DESC, seq DESC LIMIT 1")
                .bind("customer", customer.id()).bind("name", leadEventName)
                .map((rs, ctx) -> new Credit(rs.getString(1), rs.getString(2))).findOne();
        return lead.orElseGet(() -> new Credit(customer.clickId(), customer.attributed() ? customer.linkId() : null));
    }

    private static Optional<String> storedAnswer(Handle h, String workspaceId, String invoiceId) {
        return h.createQuery("SELECT response, event_name FROM sales WHERE workspace_id = :ws AND invoice_id = :invoice")
                .bind("ws", workspaceId).bind("invoice", invoiceId)
                .map((rs, ctx) -> "{}".equals(rs.getString(1))
                        ? json(erasedAnswer(rs.getString(2))) // the customer was erased since
                        : rs.getString(1))
                .findOne();
    }

    private static Map<String, Object> erasedAnswer(String eventName) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventName", eventName);
        answer.put("customer", null);
        answer.put("sale", null);
        return answer;
    }

    private static Map<String, Object> answer(String eventName, Money amount, String processor, String invoiceId,
            String metadata, Customer customer) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventName", eventName);
        if (customer == null) {
            answer.put("customer", null);
            answer.put("sale", null);
            return answer;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", customer.id());
        c.put("name", customer.name());
        c.put("email", customer.email());
        c.put("avatar", customer.avatar());
        c.put("externalId", customer.externalId());
        answer.put("customer", c);
        Map<String, Object> sale = new LinkedHashMap<>();
        sale.put("amount", amount.minor());
        sale.put("currency", amount.currency());
        sale.put("paymentProcessor", processor);
        sale.put("invoiceId", invoiceId);
        sale.put("metadata", Fields.parseMetadata(metadata));
        answer.put("sale", sale);
        return answer;
    }

    private static String json(Object value) {
        try {
            return Fields.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
