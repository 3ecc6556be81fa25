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
        if (f.linkId() != null) {
            sql.append(" AND e.link_id = :linkId");
        }
        if (f.filtersLinks()) {
            sql.append(" AND e.link_id IN (").append(linkSubquery(f)).append(")");
        }
        appendVisitorFilters(sql, f, "c.");
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

    private static String linkSubquery(EventFilter f) {
        StringBuilder sql = new StringBuilder("SELECT id FROM links WHERE workspace_id = :ws");
        appendIf(sql, f.domain(), " AND domain = :domain");
        appendIf(sql, f.key(), " AND link_key = :key");
        appendIf(sql, f.externalId(), " AND external_id = :externalId");
        appendIf(sql, f.tenantId(), " AND tenant_id = :tenantId");
        appendIf(sql, f.partnerId(), " AND partner_id = :partnerId");
        return sql.toString();
    }

    private static void appendVisitorFilters(StringBuilder sql, EventFilter f, String alias) {
        appendIf(sql, f.country(), " AND " + alias + "country = :country");
        appendIf(sql, f.city(), " AND " + alias + "city = :city");
        appendIf(sql, f.region(), " AND " + alias + "region = :region");
        appendIf(sql, f.continent(), " AND " + alias + "continent = :continent");
        appendIf(sql, f.device(), " AND " + alias + "device = :device");
        appendIf(sql, f.browser(), " AND " + alias + "browser = :browser");
        appendIf(sql, f.os(), " AND " + alias + "os = :os");
        appendIf(sql, f.referer(), " AND " + alias + "referer = :referer");
        appendIf(sql, f.refererUrl(), " AND " + alias + "referer_url = :refererUrl");
        appendIf(sql, f.trigger(), " AND " + alias + "trigger_type = :trigger");
        appendIf(sql, f.utmSource(), " AND " + alias + "utm_source = :utmSource");
        appendIf(sql, f.utmMedium(), " AND " + alias + "utm_medium = :utmMedium");
        appendIf(sql, f.utmCampaign(), " AND " + alias + "utm_campaign = :utmCampaign");
        appendIf(sql, f.utmTerm(), " AND " + alias + "utm_term = :utmTerm");
        appendIf(sql, f.utmContent(), " AND " + alias + "utm_content = :utmContent");
    }

    private static Query bindFilters(Query q, String workspaceId, EventFilter f) {
        return q.bind("ws", workspaceId).bind("start", f.start()).bind("end", f.end())
                .bind("linkId", f.linkId()).bind("domain", f.domain()).bind("key", f.key())
                .bind("externalId", f.externalId()).bind("tenantId", f.tenantId()).bind("partnerId", f.partnerId())
                .bind("country", f.country()).bind("city", f.city()).bind("region", f.region())
                .bind("continent", f.continent()).bind("device", f.device()).bind("browser", f.browser())
                .bind("os", f.os()).bind("referer", f.referer()).bind("refererUrl", f.refererUrl())
                .bind("trigger", f.trigger()).bind("utmSource", f.utmSource()).bind("utmMedium", f.utmMedium())
                .bind("utmCampaign", f.utmCampaign()).bind("utmTerm", f.utmTerm()).bind("utmContent", f.utmContent())
                .bind("limit", f.limit()).bind("offset", Paging.offset(f.page(), f.limit()));
    }

    public List<ClickEvent> clicks(String workspaceId, EventFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM clicks WHERE workspace_id = :ws AND ts >= :start AND ts < :end");
        if (f.linkId() != null) {
            sql.append(" AND link_id = :linkId");
        }
        if (f.filtersLinks()) {
            sql.append(" AND link_id IN (").append(linkSubquery(f)).append(")");
        }
        appendVisitorFilters(sql, f, "");
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

    private static void appendIf(StringBuilder sql, String value, String clause) {
        if (value != null) {
            sql.append(clause);
        }
    }
}
