package dev.referly.http;

import dev.referly.clicks.Click;
import dev.referly.clicks.ClickRows;
import dev.referly.commissions.CommissionParty;
import dev.referly.commissions.CommissionService;
import dev.referly.commissions.CommissionView;
import dev.referly.conversions.ConversionListener.LeadRecorded;
import dev.referly.conversions.ConversionListener.SaleRecorded;
import dev.referly.conversions.Customer;
import dev.referly.conversions.CustomerService;
import dev.referly.credits.CreditGranted;
import dev.referly.links.Link;
import dev.referly.links.LinkService;
import dev.referly.payouts.PayoutService;
import dev.referly.programs.GroupMove;
import dev.referly.programs.PartnerService;
import dev.referly.programs.PartnerTotals;
import dev.referly.webhooks.EventRenderer;
import dev.referly.webhooks.EventTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The data of outgoing webhook events, in the same shapes the API answers (Dub's, as the dub
 * SDK's webhook event models describe them), built inside the transaction of the change: the
 * services' reads join the caller's transaction (JDBI hands them the thread's open handle), so
 * a new commission or a new link is seen before it commits.
 *
 * <p>The partner of lead.created, sale.created, commission.* and partner.group_moved is Dub's
 * webhook partner plus Referly's tenantId: its totals are those after the event.
 */
public final class WebhookPayloads implements EventRenderer {
    private final LinkService links;
    private final CustomerService customers;
    private final PartnerService partners;
    private final CommissionService commissions;
    private final PayoutService payouts;

    public WebhookPayloads(LinkService links, CustomerService customers, PartnerService partners,
            CommissionService commissions, PayoutService payouts) {
        this.links = links;
        this.customers = customers;
        this.partners = partners;
        this.commissions = commissions;
        this.payouts = payouts;
    }

    @Override
    public Object render(Handle h, String ws, String eventType, Object subject) {
        return switch (eventType) {
            case EventTypes.LINK_CREATED, EventTypes.LINK_UPDATED, EventTypes.LINK_DELETED -> LinkJson.of((Link) subject);
            case EventTypes.LINK_CLICKED -> clicked(ws, (Click) subject);
            case EventTypes.LEAD_CREATED -> lead(h, ws, (LeadRecorded) subject);
            case EventTypes.SALE_CREATED -> sale(h, ws, (SaleRecorded) subject);
            case EventTypes.PARTNER_ENROLLED -> PartnerJson.of(partners.get(ws, (String) subject));
            case EventTypes.PARTNER_GROUP_MOVED -> groupMoved(h, (GroupMove) subject);
            case EventTypes.COMMISSION_CREATED, EventTypes.COMMISSION_UPDATED -> commission(h, ws, (String) subject);
            case EventTypes.PAYOUT_CONFIRMED -> PayoutRoutes.json(payouts.get(ws, (String) subject));
            case EventTypes.CREDIT_GRANTED -> CreditRoutes.granted((CreditGranted) subject);
            default -> throw new IllegalArgumentException("No payload for event type " + eventType);
        };
    }

    private Map<String, Object> clicked(String ws, Click click) {
        Link link = link(ws, click.linkId());
        if (link == null) {
            return null; // deleted since the click
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("click", EventRoutes.click(click));
        data.put("link", LinkJson.of(link));
        return data;
    }

    private Map<String, Object> lead(Handle h, String ws, LeadRecorded lead) {
        return conversion(h, ws, lead.eventName(), lead.customerId(), lead.clickId(), lead.linkId(), lead.metadata());
    }

    private Map<String, Object> sale(Handle h, String ws, SaleRecorded sale) {
        Map<String, Object> data = conversion(h, ws, sale.eventName(), sale.customerId(), sale.clickId(), sale.linkId(),
                sale.metadata());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("amount", sale.amount());
        json.put("currency", sale.currency());
        json.put("paymentProcessor", h.createQuery("SELECT payment_processor FROM sales WHERE id = :id")
                .bind("id", sale.saleEventId()).mapTo(String.class).findOne().orElse("custom"));
        json.put("invoiceId", sale.invoiceId());
        Map<String, Object> ordered = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (k.equals("partner")) {
                ordered.put("sale", json);
            }
            ordered.put(k, v);
        });
        return ordered;
    }

    /**
     * Dub's lead.created data. An unattributed conversion (its click is older than the attribution
     * window) has no partner, and shows the link its click was on.
     */
    private Map<String, Object> conversion(Handle h, String ws, String eventName, String customerId, String clickId,
            String creditedLinkId, String metadata) {
        Click click = clickId == null ? null : ClickRows.byId(h, clickId).orElse(null);
        Link link = link(ws, creditedLinkId != null ? creditedLinkId : click == null ? null : click.linkId());
        Customer customer = customers.byIds(ws, List.of(customerId)).get(customerId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("eventName", eventName);
        data.put("customer", customer == null ? null : CustomerRoutes.json(customer, false, Map.of(), Map.of()));
        data.put("click", click == null ? null : EventRoutes.click(click));
        data.put("link", link == null ? null : LinkJson.of(link));
        data.put("partner", creditedLinkId == null || link == null || link.partnerId() == null ? null
                : partner(h, link.partnerId()));
        data.put("metadata", Metadata.parse(metadata));
        return data;
    }

    private Map<String, Object> groupMoved(Handle h, GroupMove move) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partner", partner(h, move.partnerId()));
        data.put("previousGroupId", move.fromGroupId());
        data.put("groupId", move.toGroupId());
        data.put("reason", move.reason());
        return data;
    }

    /** Dub's Commission, with the webhook partner (totals included) and the link it was earned on. */
    private Map<String, Object> commission(Handle h, String ws, String id) {
        CommissionView view = commissions.get(ws, id);
        Map<String, Object> data = CommissionRoutes.json(view, false);
        data.put("partner", partner(h, view.commission().partnerId()));
        Link link = link(ws, view.commission().linkId());
        if (link == null) {
            data.put("link", null);
        } else {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", link.id());
            json.put("shortLink", LinkJson.shortLink(link.domain(), link.key()));
            json.put("domain", link.domain());
            json.put("key", link.key());
            data.put("link", json);
        }
        return data;
    }

    /** Dub's webhook partner: the profile, Referly's tenantId and group, and the current totals. */
    private static Map<String, Object> partner(Handle h, String partnerId) {
        CommissionParty.Partner p = CommissionParty.partners(h, List.of(partnerId)).get(partnerId);
        if (p == null) {
            return null;
        }
        PartnerTotals t = PartnerTotals.of(h, partnerId);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("name", p.name());
        json.put("email", p.email());
        json.put("image", p.image());
        json.put("payoutsEnabledAt", null);
        json.put("country", p.country());
        json.put("groupId", p.groupId());
        json.put("tenantId", p.tenantId());
        PartnerJson.putTotals(json, t);
        return json;
    }

    private Link link(String ws, String linkId) {
        return linkId == null ? null : links.byIds(ws, List.of(linkId)).get(linkId);
    }
}
