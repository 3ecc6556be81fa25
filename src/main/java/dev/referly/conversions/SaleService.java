package dev.referly.conversions;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.referly.shared.Ids;
import dev.referly.shared.Money;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
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
                return new SaleResult(json(answer(r, null)));
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
            String answer = json(answer(r, customer));
            String saleId = Ids.clickId(now);
            int inserted = h.createUpdate("INSERT INTO sales (id, workspace_id, customer_id, click_id, link_id, event_name,"
                            + " amount, currency, original_amount, original_currency, fx_rate, payment_processor, invoice_id,"
                            + " metadata, response, ts) VALUES (:id, :ws, :customer, :click, :link, :name, :amount, :currency,"
                            + " :originalAmount, :originalCurrency, :rate, :processor, :invoice, :metadata, :response, :ts)"
                            + " ON CONFLICT (workspace_id, invoice_id) DO NOTHING")
                    .bind("id", saleId).bind("ws", workspaceId).bind("customer", customer.id())
                    .bind("click", credit.clickId()).bind("link", credit.linkId()).bind("name", r.eventName())
                    .bind("amount", usd.amount().minor()).bind("currency", usd.amount().currency())
                    .bind("originalAmount", r.amount().minor()).bind("originalCurrency", r.amount().currency())
                    .bind("rate", usd.rate().toPlainString()).bind("processor", r.paymentProcessor())
                    .bind("invoice", r.invoiceId()).bind("metadata", r.metadata()).bind("response", answer)
                    .bind("ts", now)
                    .execute();
            if (inserted == 0) {
                // Another request recorded this invoice while we worked; its answer is the answer.
                return new SaleResult(storedAnswer(h, workspaceId, r.invoiceId()).orElseThrow());
            }
            boolean firstSale = customer.sales() == 0;
            customers.countSale(h, customer.id(), usd.amount().minor(), now);
            if (credit.linkId() != null) {
                h.createUpdate("UPDATE links SET sales = sales + 1, sale_amount = sale_amount + :amount,"
                                + " conversions = conversions + :first WHERE id = :id")
                        .bind("amount", usd.amount().minor()).bind("first", firstSale ? 1 : 0)
                        .bind("id", credit.linkId()).execute();
            }
            listener.saleRecorded(h, new ConversionListener.SaleRecorded(workspaceId, saleId, customer.id(),
                    credit.linkId(), credit.clickId(), r.eventName(), usd.amount().minor(), usd.amount().currency(),
                    r.invoiceId(), r.metadata(), firstSale, java.util.List.of(), now));
            return new SaleResult(answer);
        });
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

    private static Map<String, Object> answer(TrackSaleRequest r, Customer customer) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventName", r.eventName());
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
        sale.put("amount", r.amount().minor());
        sale.put("currency", r.amount().currency());
        sale.put("paymentProcessor", r.paymentProcessor());
        sale.put("invoiceId", r.invoiceId());
        sale.put("metadata", Fields.parseMetadata(r.metadata()));
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
