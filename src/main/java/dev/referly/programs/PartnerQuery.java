package dev.referly.programs;

import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;
import java.util.Locale;

/**
 * Filters, order and page of GET /partners. The default order is newest first: it needs no
 * totals, so it stays cheap and pages stay put while clicks arrive. Ordering by a total sums
 * the workspace's partner links (and commissions) per request.
 */
public record PartnerQuery(PartnerStatus status, String country, String tenantId, String groupId, String email,
        String search, Sort sortBy, boolean ascending, int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;

    /** Sortable fields: Dub's names, plus the short names of earlier Dub versions. */
    public enum Sort {
        CREATED_AT("p.created_at", false, false),
        CLICKS("COALESCE(lt.clicks, 0)", true, false),
        LEADS("COALESCE(lt.leads, 0)", true, false),
        CONVERSIONS("COALESCE(lt.conversions, 0)", true, false),
        SALES("COALESCE(lt.sales, 0)", true, false),
        SALE_AMOUNT("COALESCE(lt.sale_amount, 0)", true, false),
        COMMISSIONS("COALESCE(ct.earnings, 0)", false, true),
        NET_REVENUE("COALESCE(lt.sale_amount, 0) - COALESCE(ct.earnings, 0)", true, true);

        final String sql;
        final boolean needsLinkTotals;
        final boolean needsCommissionTotals;

        Sort(String sql, boolean needsLinkTotals, boolean needsCommissionTotals) {
            this.sql = sql;
            this.needsLinkTotals = needsLinkTotals;
            this.needsCommissionTotals = needsCommissionTotals;
        }

        public static Sort parse(String value) {
            return switch (value == null ? "createdAt" : value) {
                case "createdAt" -> CREATED_AT;
                case "totalClicks", "clicks" -> CLICKS;
                case "totalLeads", "leads" -> LEADS;
                case "totalConversions", "conversions" -> CONVERSIONS;
                case "totalSales", "sales" -> SALES;
                case "totalSaleAmount", "saleAmount" -> SALE_AMOUNT;
                case "totalCommissions", "commissions" -> COMMISSIONS;
                case "netRevenue" -> NET_REVENUE;
                default -> throw ApiException.invalid("sortBy", "must be one of createdAt, totalClicks, totalLeads,"
                        + " totalConversions, totalSales, totalSaleAmount, totalCommissions, netRevenue");
            };
        }
    }

    public PartnerQuery {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        if (sortBy == null) {
            sortBy = Sort.CREATED_AT;
        }
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
        }
        if (email != null) {
            email = email.strip().toLowerCase(Locale.ROOT);
        }
    }
}
