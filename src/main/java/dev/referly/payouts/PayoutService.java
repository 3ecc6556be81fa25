package dev.referly.payouts;

import dev.referly.commissions.CommissionParty;
import dev.referly.commissions.PayoutTotals;
import dev.referly.shared.ApiException;
import dev.referly.shared.CsvCells;
import dev.referly.shared.Ids;
import dev.referly.shared.Money;
import dev.referly.shared.Paging;
import dev.referly.shared.Timestamps;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Payouts gather a partner's payable commissions per currency. Payable: pending entries past
 * their group's holding period, every pending negative custom entry (clawbacks net at once), and
 * the pending corrections of a commission that is payable, in a payout or paid (refund
 * corrections and clawbacks go with, or after, what they correct). Concurrency and repeat runs
 * are safe without locks: the payouts_one_pending index allows one pending payout per partner and
 * currency (a run adds to it), and commissions move with a conditional UPDATE ... WHERE status =
 * 'pending', so an entry can never be in two payouts.
 */
public final class PayoutService {
    private static final long DAY = 86_400_000L;
    static final Set<String> METHODS = Set.of("connect", "stablecoin", "paypal", "tremendous");
    // The day in milliseconds is a BIGINT: PostgreSQL multiplies two integer literals as int4, which
    // overflows from a 25-day holding period on.
    private static final String HELD_UNTIL = "%1$s.created_at <= :now - CAST(" + DAY + " AS BIGINT)"
            + " * COALESCE((SELECT holding_period_days FROM partner_groups g WHERE g.id = %1$s.group_id), 0)";
    // A correction follows its commission: payable once the commission is (or is already in a payout
    // or paid), so a refund correction never leaves before, or without, the earnings it corrects.
    private static final String PAYABLE = "status = 'pending' AND ("
            + "(corrects_id IS NULL AND (earnings < 0 OR " + HELD_UNTIL.formatted("commissions") + "))"
            + " OR (corrects_id IS NOT NULL AND EXISTS (SELECT 1 FROM commissions o WHERE o.id = commissions.corrects_id"
            + " AND (o.status IN ('processed', 'paid') OR (o.status = 'pending' AND " + HELD_UNTIL.formatted("o")
            + ")))))";

    private final Jdbi jdbi;
    private final Clock clock;

    public PayoutService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Creates or tops up pending payouts for one workspace (or all when null); the payouts touched. */
    public List<Payout> run(String workspaceId) {
        long now = clock.millis();
        List<String[]> owed = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT workspace_id, partner_id, currency"
                        + " FROM commissions WHERE " + PAYABLE + (workspaceId == null ? "" : " AND workspace_id = :ws"))
                .bind("now", now).bind("ws", workspaceId)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list());
        List<Payout> touched = new ArrayList<>();
        for (String[] o : owed) {
            String id = jdbi.inTransaction(h -> payOut(h, o[0], o[1], o[2], now));
            if (id != null) {
                touched.add(get(o[0], id));
            }
        }
        return touched;
    }

    private static String payOut(Handle h, String ws, String partnerId, String currency, long now) {
        Map<String, Object> partner = h.createQuery("SELECT p.status, p.program_id, COALESCE(g.min_payout_amount, 0) AS min"
                        + " FROM partners p LEFT JOIN programs g ON g.id = p.program_id"
                        + " WHERE p.id = :id AND p.workspace_id = :ws")
                .bind("id", partnerId).bind("ws", ws).mapToMap().findOne().orElse(null);
        if (partner == null || "banned".equals(partner.get("status"))) {
            return null;
        }
        long payable = h.createQuery("SELECT COALESCE(SUM(earnings), 0) FROM commissions WHERE partner_id = :partner"
                        + " AND currency = :currency AND " + PAYABLE)
                .bind("partner", partnerId).bind("currency", currency).bind("now", now).mapTo(Long.class).one();
        Long pending = h.createQuery("SELECT amount FROM payouts WHERE workspace_id = :ws AND partner_id = :partner"
                        + " AND currency = :currency AND status = 'pending'")
                .bind("ws", ws).bind("partner", partnerId).bind("currency", currency)
                .mapTo(Long.class).findOne().orElse(null);
        long min = ((Number) partner.get("min")).longValue();
        boolean pay = pending == null ? payable > 0 && payable >= min : pending + payable > 0;
        if (!pay) {
            return null;
        }
        h.createUpdate("INSERT INTO payouts (id, workspace_id, program_id, partner_id, amount, currency, status,"
                        + " created_at, updated_at) VALUES (:id, :ws, :program, :partner, 0, :currency, 'pending', :now, :now)"
                        + " ON CONFLICT DO NOTHING")
                .bind("id", Ids.newId("po_", now)).bind("ws", ws).bind("program", (String) partner.get("program_id"))
                .bind("partner", partnerId).bind("currency", currency).bind("now", now)
                .execute();
        String payoutId = h.createQuery("SELECT id FROM payouts WHERE workspace_id = :ws AND partner_id = :partner"
                        + " AND currency = :currency AND status = 'pending'")
                .bind("ws", ws).bind("partner", partnerId).bind("currency", currency).mapTo(String.class).one();
        h.createUpdate("UPDATE commissions SET status = 'processed', payout_id = :payout, updated_at = :now"
                        + " WHERE partner_id = :partner AND currency = :currency AND " + PAYABLE)
                .bind("payout", payoutId).bind("partner", partnerId).bind("currency", currency).bind("now", now)
                .execute();
        PayoutTotals.recalculate(h, payoutId, now);
        return payoutId;
    }

    public List<Payout> list(String workspaceId, PayoutQuery q) {
        Paging.check(q.page(), q.pageSize(), PayoutQuery.MAX_PAGE_SIZE);
        Map<String, Object> binds = new HashMap<>();
        String where = where(workspaceId, q, binds);
        String column = switch (q.sortBy() == null ? "createdAt" : q.sortBy()) {
            case "createdAt", "initiatedAt" -> "o.created_at";
            case "amount" -> "o.amount";
            case "paidAt" -> "o.paid_at";
            default -> throw ApiException.invalid("sortBy", "must be one of amount, initiatedAt, paidAt, createdAt");
        };
        String dir = q.ascending() ? " ASC" : " DESC";
        binds.put("limit", q.pageSize());
        binds.put("offset", Paging.offset(q.page(), q.pageSize()));
        return jdbi.withHandle(h -> withPartners(h, h.createQuery("SELECT o.*, (SELECT COUNT(*) FROM commissions c"
                        + " WHERE c.payout_id = o.id) AS n FROM payouts o" + where + " ORDER BY " + column + dir
                        + ", o.id" + dir + " LIMIT :limit OFFSET :offset")
                .bindMap(binds).map((rs, ctx) -> map(rs)).list()));
    }

    private static String where(String workspaceId, PayoutQuery q, Map<String, Object> binds) {
        StringBuilder where = new StringBuilder(" WHERE o.workspace_id = :ws");
        binds.put("ws", workspaceId);
        if (q.status() != null) {
            binds.put("status", PayoutStatus.parse("status", q.status()).apiName());
            where.append(" AND o.status = :status");
        }
        if (q.partnerId() != null) {
            binds.put("partnerId", q.partnerId());
            where.append(" AND o.partner_id = :partnerId");
        } else if (q.tenantId() != null) {
            binds.put("tenantId", q.tenantId());
            where.append(" AND o.partner_id IN (SELECT id FROM partners WHERE workspace_id = :ws AND tenant_id = :tenantId)");
        }
        if (q.invoiceId() != null) {
            where.append(" AND 1 = 0"); // payouts are not invoiced in batches here, so no payout has an invoice id
        }
        if (q.groupId() != null) {
            binds.put("groupId", q.groupId());
            where.append(" AND o.partner_id IN (SELECT id FROM partners WHERE workspace_id = :ws AND group_id = :groupId)");
        }
        if (q.payoutIds() != null && !q.payoutIds().isEmpty()) {
            List<String> ids = q.payoutIds();
            for (int i = 0; i < ids.size(); i++) {
                binds.put("pid" + i, ids.get(i));
            }
            where.append(" AND o.id IN (").append(java.util.stream.IntStream.range(0, ids.size())
                    .mapToObj(i -> ":pid" + i).collect(Collectors.joining(", "))).append(")");
        }
        return where.toString();
    }

    public Payout get(String workspaceId, String id) {
        return jdbi.withHandle(h -> find(h, workspaceId, id));
    }

    private static Payout find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT o.*, (SELECT COUNT(*) FROM commissions c WHERE c.payout_id = o.id) AS n"
                        + " FROM payouts o WHERE o.id = :id AND o.workspace_id = :ws")
                .bind("id", id).bind("ws", workspaceId).map((rs, ctx) -> map(rs)).findOne()
                .map(p -> withPartners(h, List.of(p)).get(0))
                .orElseThrow(() -> ApiException.notFound("Payout " + id + " not found."));
    }

    /**
     * PATCH /payouts/{id}: status (processing|sent|completed|failed|canceled), failureReason, method.
     * completed pays its commissions; failed and canceled send them back to pending for a later payout.
     */
    public Payout update(String workspaceId, String id, Map<String, Object> body) {
        PayoutStatus to = body.get("status") == null ? null : PayoutStatus.parse("status", body.get("status"));
        Object reason = body.get("failureReason");
        if (reason != null && (!(reason instanceof String r) || r.length() > 500)) {
            throw ApiException.invalid("failureReason", "must be a string of at most 500 characters");
        }
        Object method = body.get("method");
        if (method != null && !(method instanceof String m && METHODS.contains(m))) {
            throw ApiException.invalid("method", "must be one of connect, stablecoin, paypal, tremendous");
        }
        if (to == null && method == null) {
            throw ApiException.invalid("status", "is required");
        }
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            Payout p = find(h, workspaceId, id);
            if (method != null) {
                h.createUpdate("UPDATE payouts SET method = :m, updated_at = :now WHERE id = :id")
                        .bind("m", (String) method).bind("now", now).bind("id", id).execute();
            }
            if (to != null && to != p.status()) {
                if (!p.status().canBecome(to)) {
                    throw ApiException.conflict("Payout " + id + " cannot go from " + p.status().apiName() + " to "
                            + to.apiName() + ".");
                }
                int moved = h.createUpdate("UPDATE payouts SET status = :to, updated_at = :now,"
                                + " paid_at = CASE WHEN :to = 'completed' THEN :now ELSE paid_at END,"
                                + " failure_reason = COALESCE(:reason, failure_reason)"
                                + " WHERE id = :id AND status = :from")
                        .bind("to", to.apiName()).bind("from", p.status().apiName()).bind("now", now)
                        .bind("reason", (String) reason).bind("id", id).execute();
                if (moved == 0) {
                    throw ApiException.conflict("Payout " + id + " changed meanwhile; read it again.");
                }
                if (to == PayoutStatus.COMPLETED) {
                    h.createUpdate("UPDATE commissions SET status = 'paid', updated_at = :now"
                                    + " WHERE payout_id = :id AND status = 'processed'")
                            .bind("now", now).bind("id", id).execute();
                    Outbox.append(h, workspaceId, EventTypes.PAYOUT_CONFIRMED, null, id, now);
                } else if (to == PayoutStatus.FAILED || to == PayoutStatus.CANCELED) {
                    h.createUpdate("UPDATE commissions SET status = 'pending', payout_id = NULL, updated_at = :now"
                                    + " WHERE payout_id = :id AND status = 'processed'")
                            .bind("now", now).bind("id", id).execute();
                }
            }
            return find(h, workspaceId, id);
        });
    }

    /** The payouts as CSV for a bank or payment tool: one line per payout, amounts in major units. */
    public String exportCsv(String workspaceId, PayoutQuery q) {
        List<Payout> payouts = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<Payout> batch = list(workspaceId, new PayoutQuery(q.status(), q.partnerId(), q.tenantId(), q.invoiceId(),
                    q.groupId(), q.payoutIds(), "createdAt", true, page, PayoutQuery.MAX_PAGE_SIZE));
            payouts.addAll(batch);
            if (batch.size() < PayoutQuery.MAX_PAGE_SIZE) {
                break;
            }
        }
        StringBuilder csv = new StringBuilder("payoutId,partnerId,partnerName,partnerEmail,amount,currency,periodStart,"
                + "periodEnd,method,status\r\n");
        for (Payout p : payouts) {
            csv.append(String.join(",", cell(p.id()), cell(p.partnerId()),
                    cell(p.partner() == null ? "" : p.partner().name()),
                    cell(p.partner() == null ? "" : p.partner().email()),
                    new Money(p.amount(), p.currency()).major().toPlainString(), cell(p.currency()),
                    cell(Timestamps.isoOrNull(p.periodStart())), cell(Timestamps.isoOrNull(p.periodEnd())),
                    cell(p.method()), cell(p.status().apiName()))).append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        return CsvCells.cell(value);
    }

    private static Payout map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Payout(rs.getString("id"), rs.getString("workspace_id"), rs.getString("program_id"),
                rs.getString("partner_id"), rs.getLong("amount"), rs.getString("currency"),
                PayoutStatus.fromDb(rs.getString("status")), rs.getString("description"), rs.getString("method"),
                nullableLong(rs, "period_start"), nullableLong(rs, "period_end"), rs.getString("failure_reason"),
                rs.getLong("created_at"), rs.getLong("updated_at"), nullableLong(rs, "paid_at"), null, rs.getInt("n"));
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static List<Payout> withPartners(Handle h, List<Payout> payouts) {
        Map<String, CommissionParty.Partner> partners = CommissionParty.partners(h,
                payouts.stream().map(Payout::partnerId).toList());
        return payouts.stream().map(p -> new Payout(p.id(), p.workspaceId(), p.programId(), p.partnerId(), p.amount(),
                p.currency(), p.status(), p.description(), p.method(), p.periodStart(), p.periodEnd(),
                p.failureReason(), p.createdAt(), p.updatedAt(), p.paidAt(), partners.get(p.partnerId()),
                p.commissions())).toList();
    }
}
