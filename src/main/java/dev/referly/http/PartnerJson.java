package dev.referly.http;

import dev.referly.programs.Partner;
import dev.referly.programs.PartnerDetails;
import dev.referly.programs.PartnerLink;
import dev.referly.programs.PartnerTotals;
import dev.referly.shared.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dub's EnrolledPartner: every key the dub SDK requires present, nullable ones null, plus
 * Referly's groupMoveDisabled. Money is in minor units; netRevenue is sales less commissions.
 */
final class PartnerJson {
    private PartnerJson() {}

    /** Dub's partner totals, as both the partner object and webhook payloads carry them. */
    static void putTotals(Map<String, Object> json, PartnerTotals t) {
        json.put("totalClicks", t.clicks());
        json.put("totalLeads", t.leads());
        json.put("totalConversions", t.conversions());
        json.put("totalSales", t.sales());
        json.put("totalSaleAmount", t.saleAmount());
        json.put("totalCommissions", t.commissions());
    }

    static Map<String, Object> of(PartnerDetails d) {
        Partner p = d.partner();
        PartnerTotals t = d.totals();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("name", p.name());
        json.put("companyName", null);
        json.put("email", p.email());
        json.put("username", p.username());
        json.put("image", p.image());
        json.put("description", p.description());
        json.put("country", p.country());
        json.put("networkStatus", "draft"); // Dub's marketplace listing, which Referly does not have
        json.put("defaultPayoutMethod", null);
        json.put("paypalEmail", null);
        json.put("stripeConnectId", null);
        json.put("payoutsEnabledAt", null);
        json.put("identityVerifiedAt", null);
        json.put("programId", p.programId());
        json.put("groupId", p.groupId());
        json.put("partnerId", p.id());
        json.put("tenantId", p.tenantId());
        json.put("createdAt", Timestamps.iso(p.createdAt()));
        json.put("status", p.status().apiName());
        List<Map<String, Object>> links = new ArrayList<>(d.links().size());
        for (PartnerLink l : d.links()) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("id", l.id());
            link.put("domain", l.domain());
            link.put("key", l.key());
            link.put("shortLink", LinkJson.shortLink(l.domain(), l.key()));
            link.put("url", l.url());
            link.put("clicks", l.clicks());
            link.put("leads", l.leads());
            link.put("conversions", l.conversions());
            link.put("sales", l.sales());
            link.put("saleAmount", l.saleAmount());
            links.add(link);
        }
        json.put("links", links);
        putTotals(json, t);
        json.put("netRevenue", t.saleAmount() - t.commissions());
        json.put("clickRewardId", d.incentives().clickRewardId());
        json.put("leadRewardId", d.incentives().leadRewardId());
        json.put("saleRewardId", d.incentives().saleRewardId());
        json.put("discountId", d.incentives().discountId());
        json.put("bannedAt", Timestamps.isoOrNull(p.bannedAt()));
        json.put("bannedReason", p.banReason());
        json.put("groupMoveDisabled", p.groupMoveDisabled());
        json.put("referralCode", d.referralCode());
        json.put("referralLink", d.referralLink());
        return json;
    }
}
