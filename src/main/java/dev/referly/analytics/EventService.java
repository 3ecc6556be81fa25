package dev.referly.analytics;

import dev.referly.shared.Paging;
import dev.referly.clicks.Click;
import dev.referly.clicks.ClickRows;
import dev.referly.conversions.Customer;
import dev.referly.conversions.CustomerService;
import dev.referly.links.Link;
import dev.referly.links.LinkService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The event stream read side: raw events, newest first, filtered and paged. */
public final class EventService {
    private final Jdbi jdbi;
    private final LinkService links;
    private final CustomerService customers;

    public EventService(Jdbi jdbi, LinkService links, CustomerService customers) {
        this.jdbi = jdbi;
        this.links = links;
        this.customers = customers;
    }

    public List<ConversionEvent> leads(String workspaceId, EventFilter f) {
        return conversions(workspaceId, f, "lead", "SELECT e.id AS event_id, e.event_name AS event_name,"
                + " e.metadata AS event_metadata, e.ts AS event_ts, e.link_id AS credited_link, e.customer_id AS customer_id,"
                + " e.seq AS event_seq, c.* FROM leads e JOIN clicks c ON c.id = e.click_id");
    }

    public List<ConversionEvent> sales(String workspaceId, EventFilter f) {
        return conversions(workspaceId, f, "sale", "SELECT e.id AS event_id, e.event_name AS event_name,"
                + " e.metadata AS event_metadata, e.ts AS event_ts, e.link_id AS credited_link, e.customer_id AS customer_id,"
                + " e.seq AS event_seq, e.amount AS sale_amount, e.currency AS sale_currency,"
                + " e.original_amount AS original_amount, e.original_currency AS original_currency,"
                + " e.invoice_id AS invoice_id, e.payment_processor AS payment_processor, c.*"
                + " FROM sales e JOIN clicks c ON c.id = e.click_id");
    }

    private record Row(String eventId, String eventName, String metadata, long ts, String creditedLink,
            String customerId, Click click, ConversionEvent.Sale sale) {}

    private List<ConversionEvent> conversions(String workspaceId, EventFilter f, String kind, String select) {
        StringBuilder sql = new StringBuilder(select)
                .append(" WHERE e.workspace_id = :ws AND e.ts >= :start AND e.ts < :end");
        EventFilterSql.appendLinkFilters(sql, f, "e.");
        EventFilterSql.appendVisitorFilters(sql, f, "c.");
        String order = f.ascending() ? "ASC" : "DESC";
        sql.append(" ORDER BY e.ts ").append(order).append(", e.seq ").append(order).append(" LIMIT :limit OFFSET :offset");
        List<Row> rows = jdbi.withHandle(h -> bindFilters(h.createQuery(sql.toString()), workspaceId, f)
                .map((rs, ctx) -> new Row(rs.getString("event_id"), rs.getString("event_name"),
                        rs.getString("event_metadata"), rs.getLong("event_ts"), rs.getString("credited_link"),
                        rs.getString("customer_id"), ClickRows.read(rs, ""),
                        kind.equals("sale") ? new ConversionEvent.Sale(rs.getLong("sale_amount"),
                                rs.getString("sale_currency"), rs.getLong("original_amount"),
                                rs.getString("original_currency"), rs.getString("invoice_id"),
                                rs.getString("payment_processor")) : null))
                .list());
        Set<String> linkIds = new LinkedHashSet<>();
        Set<String> customerIds = new LinkedHashSet<>();
        rows.forEach(r -> {
            linkIds.add(r.click().linkId());
            customerIds.add(r.customerId());
        });
        Map<String, Link> linkById = links.byIds(workspaceId, linkIds);
        Map<String, Customer> customerById = customers.byIds(workspaceId, customerIds);
        List<ConversionEvent> events = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Link link = linkById.get(r.creditedLink() != null ? r.creditedLink() : r.click().linkId());
            Customer customer = customerById.get(r.customerId());
            if (link != null && customer != null) {
                events.add(new ConversionEvent(kind, r.eventId(), r.eventName(), r.ts(), r.metadata(), r.click(), link,
                        customer, r.creditedLink() != null, r.sale()));
            }
        }
        return events;
    }

    private static Query bindFilters(Query q, String workspaceId, EventFilter f) {
        return EventFilterSql.bindFilters(q, f).bind("ws", workspaceId).bind("start", f.start()).bind("end", f.end())
                .bind("limit", f.limit()).bind("offset", Paging.offset(f.page(), f.limit()));
    }

    public List<ClickEvent> clicks(String workspaceId, EventFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM clicks WHERE workspace_id = :ws AND ts >= :start AND ts < :end");
        EventFilterSql.appendLinkFilters(sql, f, "");
        EventFilterSql.appendVisitorFilters(sql, f, "");
        String order = f.ascending() ? "ASC" : "DESC";
        // Arrival order: clicks are appended as they happen, so seq follows time to the
        // millisecond, and walking the (workspace_id, seq) index from its end finds a page of
        // recent clicks without sorting millions of rows by timestamp.
        sql.append(" ORDER BY seq ").append(order).append(" LIMIT :limit OFFSET :offset");
        List<Click> clicks = jdbi.withHandle(h -> bindFilters(h.createQuery(sql.toString()), workspaceId, f)
                .map((rs, ctx) -> ClickRows.read(rs, "")).list());
        Set<String> linkIds = new LinkedHashSet<>();
        clicks.forEach(c -> linkIds.add(c.linkId()));
        Map<String, Link> byId = links.byIds(workspaceId, linkIds);
        List<ClickEvent> events = new ArrayList<>(clicks.size());
        for (Click c : clicks) {
            Link link = byId.get(c.linkId());
            if (link != null) { // clicks of deleted links stay counted in totals but leave the event list
                events.add(new ClickEvent(c, link));
            }
        }
        return events;
    }
}
