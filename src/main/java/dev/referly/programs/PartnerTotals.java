package dev.referly.programs;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * A partner's running totals, derived on read from the partner's links (which the click writer
 * and the conversion services keep counting) and from the commission ledger, so they can never
 * drift from the events. Money is in the program currency's minor units.
 *
 * @param commissions earnings of entries that count towards what the partner is owed: pending,
 *                    processed and paid (held, refunded, duplicate, fraud and canceled do not)
 */
public record PartnerTotals(long clicks, long leads, long conversions, long sales, long saleAmount, long commissions) {

    public static final PartnerTotals ZERO = new PartnerTotals(0, 0, 0, 0, 0, 0);

    /**
     * The commission statuses whose earnings count in {@link #commissions()}, in totals, limits
     * and payouts: the one statement of the rule. It lives here, not on the ledger's status enum,
     * because commissions builds on programs; {@code CommissionStatus.counted()} reads it.
     */
    public static final List<String> COUNTED_STATUS_NAMES = List.of("pending", "processed", "paid");

    /** {@link #COUNTED_STATUS_NAMES} as an SQL list, for {@code status IN ...}. */
    public static final String COUNTED_STATUSES = COUNTED_STATUS_NAMES.stream()
            .map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));

    public static PartnerTotals of(Handle h, String partnerId) {
        return forPartners(h, List.of(partnerId)).getOrDefault(partnerId, ZERO);
    }

    /** Totals of several partners in two queries (every id is present in the answer). */
    public static Map<String, PartnerTotals> forPartners(Handle h, Collection<String> partnerIds) {
        Map<String, PartnerTotals> totals = new HashMap<>();
        if (partnerIds.isEmpty()) {
            return totals;
        }
        for (String id : partnerIds) {
            totals.put(id, ZERO);
        }
        h.createQuery("SELECT partner_id, SUM(clicks), SUM(leads), SUM(conversions), SUM(sales), SUM(sale_amount)"
                        + " FROM links WHERE partner_id IN (<ids>) GROUP BY partner_id")
                .bindList("ids", partnerIds)
                .map((rs, ctx) -> new PartnerTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), 0).withPartner(rs.getString(1)))
                .forEach(e -> totals.put(e.partnerId(), e.totals()));
        h.createQuery("SELECT partner_id, SUM(earnings) FROM commissions WHERE partner_id IN (<ids>)"
                        + " AND status IN " + COUNTED_STATUSES + " GROUP BY partner_id")
                .bindList("ids", partnerIds)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> totals.compute(e.getKey(), (k, t) -> t.withCommissions(e.getValue())));
        return totals;
    }

    public PartnerTotals withCommissions(long earnings) {
        return new PartnerTotals(clicks, leads, conversions, sales, saleAmount, earnings);
    }

    private Keyed withPartner(String partnerId) {
        return new Keyed(partnerId, this);
    }

    private record Keyed(String partnerId, PartnerTotals totals) {}
}
