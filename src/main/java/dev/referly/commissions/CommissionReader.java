package dev.referly.commissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/** Loads the partners, customers and payout dates shown with commissions, a few queries per page. */
final class CommissionReader {
    private CommissionReader() {}

    static List<CommissionView> views(Handle h, List<Commission> page, boolean withCorrections) {
        Map<String, CommissionParty.Partner> partners = partners(h, page.stream().map(Commission::partnerId).toList());
        Map<String, CommissionParty.Customer> customers = customers(h,
                page.stream().map(Commission::customerId).filter(Objects::nonNull).toList());
        Map<String, Long> paidAt = paidAt(h, page.stream().map(Commission::payoutId).filter(Objects::nonNull).toList());
        List<CommissionView> views = new ArrayList<>(page.size());
        for (Commission c : page) {
            views.add(new CommissionView(c, partners.get(c.partnerId()),
                    c.customerId() == null ? null : customers.get(c.customerId()),
                    c.status() == CommissionStatus.PAID && c.payoutId() != null ? paidAt.get(c.payoutId()) : null,
                    withCorrections ? CommissionRepository.corrections(h, c.id()) : List.of()));
        }
        return views;
    }

    static Map<String, CommissionParty.Partner> partners(Handle h, Collection<String> ids) {
        Map<String, CommissionParty.Partner> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        h.createQuery("SELECT id, name, email, image, country, group_id, tenant_id, status FROM partners WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(new java.util.HashSet<>(ids)))
                .map((rs, ctx) -> new CommissionParty.Partner(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .forEach(p -> found.put(p.id(), p));
        return found;
    }

    private static Map<String, CommissionParty.Customer> customers(Handle h, Collection<String> ids) {
        Map<String, CommissionParty.Customer> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        h.createQuery("SELECT id, external_id, name, email, avatar, country, sales, sale_amount, created_at, first_sale_at"
                        + " FROM customers WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(new java.util.HashSet<>(ids)))
                .map((rs, ctx) -> {
                    long first = rs.getLong(10);
                    Long firstSale = rs.wasNull() ? null : first;
                    return new CommissionParty.Customer(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9), firstSale);
                })
                .forEach(c -> found.put(c.id(), c));
        return found;
    }

    private static Map<String, Long> paidAt(Handle h, Collection<String> payoutIds) {
        Map<String, Long> found = new HashMap<>();
        if (payoutIds.isEmpty()) {
            return found;
        }
        h.createQuery("SELECT id, paid_at FROM payouts WHERE id IN (<ids>) AND paid_at IS NOT NULL")
                .bindList("ids", List.copyOf(new java.util.HashSet<>(payoutIds)))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }
}
