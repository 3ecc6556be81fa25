package dev.referly.commissions;

import dev.referly.analytics.Interval;
import dev.referly.programs.GroupMoveEvaluator;
import dev.referly.rewards.Modifier;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardType;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.shared.Money;
import dev.referly.shared.Paging;
import dev.referly.shared.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The commission ledger's API: listing, explaining, status changes through the transition table,
 * corrections, custom entries and refunds. Nothing is edited in place: a change of amount or
 * earnings appends a correction entry holding the difference (corrects_id names the original),
 * so sums over the ledger are always the truth and paid entries are never touched.
 */
public final class CommissionService {
    private static final int MAX_BULK = 100;
    private static final int MAX_DESCRIPTION = 190;

    private final Jdbi jdbi;
    private final Clock clock;

    public CommissionService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public List<CommissionView> list(String workspaceId, CommissionQuery q) {
        Paging.check(q.page(), q.pageSize(), CommissionQuery.MAX_PAGE_SIZE);
        StringBuilder where = new StringBuilder(" WHERE c.workspace_id = :ws");
        Map<String, Object> binds = new java.util.HashMap<>();
        binds.put("ws", workspaceId);
        if (q.status() != null) {
            binds.put("status", CommissionStatus.parse("status", q.status()).apiName());
            where.append(" AND c.status = :status");
        }
        if (q.type() != null) {
            if (!List.of(Commission.CLICK, Commission.LEAD, Commission.SALE, Commission.CUSTOM, "referral")
                    .contains(q.type())) {
                throw ApiException.invalid("type", "must be one of click, lead, sale, referral, custom");
            }
            binds.put("type", q.type());
            where.append(" AND c.type = :type");
        }
        filter(where, binds, "c.partner_id", "partnerId", q.partnerId());
        if (q.tenantId() != null && q.partnerId() == null) {
            binds.put("tenantId", q.tenantId());
            where.append(" AND c.partner_id IN (SELECT id FROM partners WHERE workspace_id = :ws AND tenant_id = :tenantId)");
        }
        filter(where, binds, "c.customer_id", "customerId", q.customerId());
        filter(where, binds, "c.payout_id", "payoutId", q.payoutId());
        filter(where, binds, "c.invoice_id", "invoiceId", q.invoiceId());
        filter(where, binds, "c.group_id", "groupId", q.groupId());
        Long start = q.start() != null ? Long.valueOf(Timestamps.parse("start", q.start()))
                : q.interval() != null ? Long.valueOf(Interval.parse(q.interval()).start(clock.instant(), ZoneOffset.UTC))
                : null;
        Long end = q.end() != null ? Long.valueOf(Timestamps.parse("end", q.end())) : null;
        if (start != null && end != null && end < start) {
            throw ApiException.invalid("end", "must not be before start");
        }
        if (start != null) {
            binds.put("start", start);
            where.append(" AND c.created_at >= :start");
        }
        if (end != null) {
            binds.put("end", end);
            where.append(" AND c.created_at <= :end");
        }
        String sortBy = q.sortBy() == null ? "createdAt" : q.sortBy();
        String column = switch (sortBy) {
            case "createdAt" -> "c.created_at";
            case "amount" -> "c.amount";
            case "earnings" -> "c.earnings";
            default -> throw ApiException.invalid("sortBy", "must be createdAt or amount");
        };
        String dir = q.ascending() ? " ASC" : " DESC";
        String sql = "SELECT c.* FROM commissions c" + where + " ORDER BY " + column + dir + ", c.seq" + dir
                + " LIMIT :limit OFFSET :offset";
        binds.put("limit", q.pageSize());
        binds.put("offset", Paging.offset(q.page(), q.pageSize()));
        return jdbi.withHandle(h -> CommissionReader.views(h, h.createQuery(sql).bindMap(binds)
                .map(CommissionRepository::map).list(), false));
    }

    private static void filter(StringBuilder where, Map<String, Object> binds, String column, String name, String v) {
        if (v != null) {
            binds.put(name, v);
            where.append(" AND ").append(column).append(" = :").append(name);
        }
    }

    public CommissionView get(String workspaceId, String id) {
        return jdbi.withHandle(h -> view(h, find(h, workspaceId, id)));
    }

    private static Commission find(Handle h, String workspaceId, String id) {
        return CommissionRepository.byId(h, workspaceId, id)
                .orElseThrow(() -> ApiException.notFound("Commission " + id + " not found."));
    }

    private static CommissionView view(Handle h, Commission c) {
        return CommissionReader.views(h, List.of(c), true).get(0);
    }

    /**
     * PATCH /commissions/{id}. {@code status} (Dub's pending|refunded|duplicate|canceled|fraud)
     * takes precedence, as in Dub; otherwise {@code earnings} and/or the sale amount
     * ({@code saleAmount}/{@code amount}, or {@code modifySaleAmount}/{@code modifyAmount} as a
     * difference) append a correction entry, which is what is answered.
     */
    public CommissionView update(String workspaceId, String id, Map<String, Object> body) {
        CommissionStatus status = body.containsKey("status") && body.get("status") != null
                ? settable(body.get("status")) : null;
        Long earnings = optionalLong(body, "earnings", false);
        Long saleAmount = optionalLong(body, body.containsKey("saleAmount") ? "saleAmount" : "amount", true);
        Long modify = optionalLong(body, body.containsKey("modifySaleAmount") ? "modifySaleAmount" : "modifyAmount",
                false);
        if (body.get("currency") != null && !(body.get("currency") instanceof String cur && Money.isCurrency(cur))) {
            throw ApiException.invalid("currency", "must be an ISO 4217 currency code");
        }
        if (status == null && earnings == null && saleAmount == null && modify == null) {
            throw ApiException.invalid("status", "give status, earnings or saleAmount");
        }
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            Commission c = find(h, workspaceId, id);
            immutableIfPaid(c);
            Commission result;
            if (status != null) {
                result = changeStatus(h, c, status, now);
            } else {
                result = correct(h, c, earnings, saleAmount, modify, now);
            }
            GroupMoveEvaluator.evaluate(h, workspaceId, c.partnerId(), now);
            return view(h, result);
        });
    }

    /** PATCH /commissions/bulk: all or nothing. */
    public List<Commission> bulkUpdate(String workspaceId, Map<String, Object> body) {
        if (!(body.get("commissionIds") instanceof List<?> ids) || ids.isEmpty() || ids.size() > MAX_BULK
                || !ids.stream().allMatch(i -> i instanceof String s && !s.isBlank())) {
            throw ApiException.invalid("commissionIds", "must be a list of 1 to " + MAX_BULK + " commission ids");
        }
        CommissionStatus status = settable(body.get("status"));
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            List<Commission> changed = new ArrayList<>();
            LinkedHashSet<String> partners = new LinkedHashSet<>();
            for (Object i : new LinkedHashSet<>(ids)) {
                Commission c = find(h, workspaceId, (String) i);
                immutableIfPaid(c);
                changed.add(changeStatus(h, c, status, now));
                partners.add(c.partnerId());
            }
            partners.forEach(p -> GroupMoveEvaluator.evaluate(h, workspaceId, p, now));
            return changed;
        });
    }

    /**
     * POST /commissions: a custom entry for a partner (by partnerId or tenantId). earnings (or, as
     * in Dub's custom commissions, amount) is what the partner earns; negative is a clawback that
     * nets against the next payout.
     */
    public CommissionView create(String workspaceId, Map<String, Object> body) {
        Object type = body.getOrDefault("type", Commission.CUSTOM);
        if (!Commission.CUSTOM.equals(type)) {
            throw ApiException.invalid("type", "only custom commissions are created here; leads and sales come from"
                    + " /track/lead and /track/sale");
        }
        String partnerId = optionalText(body, "partnerId");
        String tenantId = optionalText(body, "tenantId");
        if (partnerId == null && tenantId == null) {
            throw ApiException.invalid("partnerId", "is required (or tenantId)");
        }
        Long amount = optionalLong(body, "amount", false);
        Long earningsField = optionalLong(body, "earnings", false);
        if (amount == null && earningsField == null) {
            throw ApiException.invalid("earnings", "is required (or amount, Dub's name for a custom commission's earnings)");
        }
        long earnings = earningsField != null ? earningsField : amount;
        long saleAmount = earningsField != null && amount != null ? amount : 0;
        if (earnings == 0) {
            throw ApiException.invalid("earnings", "must not be 0");
        }
        if (earningsField != null && saleAmount < 0) {
            throw ApiException.invalid("amount", "must be 0 or more");
        }
        String description = optionalText(body, "description");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        String currency = optionalText(body, "currency");
        if (currency != null && !Money.isCurrency(currency)) {
            throw ApiException.invalid("currency", "must be an ISO 4217 currency code");
        }
        long now = clock.millis();
        String dateField = body.get("date") != null ? "date" : "createdAt";
        String dateText = optionalText(body, dateField);
        long at = dateText == null ? now : Timestamps.parse(dateField, dateText);
        if (at > now) {
            throw ApiException.invalid(dateField, "must not be in the future");
        }
        return jdbi.inTransaction(h -> {
            PartnerContext partner = (partnerId != null ? PartnerContext.byId(h, workspaceId, partnerId)
                    : PartnerContext.byTenantId(h, workspaceId, tenantId))
                    .orElseThrow(() -> ApiException.notFound("Partner " + (partnerId != null ? partnerId : tenantId)
                            + " not found."));
            String cur = currency == null ? partner.currency() : currency.toLowerCase(java.util.Locale.ROOT);
            Commission c = new Commission(Ids.newId("cm_", at), workspaceId, partner.programId(), partner.id(),
                    partner.groupId(), Commission.CUSTOM, CommissionStatus.PENDING, saleAmount, earnings, cur, 1, null,
                    null, null, null, null, description, null, null, null,
                    "Custom " + (earnings < 0 ? "clawback" : "commission") + " of "
                            + Explanation.money(earnings, cur),
                    null, null, null, null, null, at, now);
            CommissionRepository.insert(h, c);
            GroupMoveEvaluator.evaluate(h, workspaceId, partner.id(), now);
            return view(h, c);
        });
    }

    /** What a refund did to the ledger. */
    public record RefundResult(String outcome, CommissionView commission, Commission correction) {
        public static final String REFUNDED = "refunded";
        public static final String CORRECTED = "corrected";
        public static final String CLAWBACK = "clawback";
        public static final String UNCHANGED = "unchanged";
    }

    /**
     * A refund of (part of) a sale through the API: {@code refundedAmount} more of it was refunded.
     * Refunds add up: the sale's commission remembers how much was refunded so far, and a refund
     * beyond what is left is refused (422, as Stripe refuses to refund more than a charge has left)
     * and changes nothing. See {@link #applyRefund} for what the ledger records. A refund id is
     * applied once ('refund:commission:refundId').
     *
     * @param totalAmount the sale's total in the refund's units, null for the amount the commission was computed from
     */
    public RefundResult refund(String workspaceId, String saleEventId, String invoiceId, long refundedAmount,
            Long totalAmount, String refundId) {
        if (saleEventId == null && invoiceId == null) {
            throw ApiException.invalid("invoiceId", "is required (or saleEventId)");
        }
        if (refundedAmount <= 0) {
            throw ApiException.invalid("amount", "must be more than 0");
        }
        checkRefundId(refundId);
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            Optional<Commission> found = saleEventId != null
                    ? CommissionRepository.byDedupeKey(h, workspaceId, "sale:" + saleEventId)
                    : h.createQuery("SELECT " + CommissionRepository.COLUMNS + " FROM commissions"
                                    + " WHERE workspace_id = :ws AND invoice_id = :invoice"
                                    + " AND type = 'sale' AND corrects_id IS NULL ORDER BY seq LIMIT 1")
                            .bind("ws", workspaceId).bind("invoice", invoiceId)
                            .map(CommissionRepository::map).findOne();
            Commission c = found.orElseThrow(() -> ApiException.notFound("No sale commission for "
                    + (saleEventId != null ? "sale " + saleEventId : "invoice " + invoiceId) + "."));
            long total = totalAmount != null ? totalAmount : c.amount();
            if (total <= 0) {
                throw ApiException.invalid("totalAmount", "must be more than 0");
            }
            if (refundedAmount > total) {
                throw ApiException.invalid("amount", "must not exceed the sale's total of "
                        + Explanation.money(total, c.currency()));
            }
            Optional<RefundResult> settled = settled(h, c, refundId);
            if (settled.isPresent()) {
                return settled.get();
            }
            long before = CommissionRepository.refunded(h, c.id());
            long after = before + RefundMath.scale(refundedAmount, total, c.amount());
            if (after > c.amount()) {
                long left = total - RefundMath.scale(before, c.amount(), total);
                throw ApiException.invalid("amount", "must not exceed what is left to refund of the sale, "
                        + Explanation.money(left, c.currency()) + " (" + Explanation.money(total - left, c.currency())
                        + " of " + Explanation.money(total, c.currency()) + " refunded already)");
            }
            return applyRefund(h, c, before, after, refundId, now);
        });
    }

    /**
     * A refund a payment processor reports as its running total ({@code cumulative} of {@code total}
     * refunded, as Stripe's {@code amount_refunded}), inside the caller's transaction. The sale's
     * commission moves up to that total and never back, so repeated, late or out-of-order events
     * change nothing, and refunds recorded through the API meanwhile are not taken twice.
     */
    public RefundResult refundTo(Handle h, String workspaceId, String saleEventId, long cumulative, long total,
            String refundId) {
        if (cumulative <= 0 || total <= 0) {
            throw ApiException.invalid("amount", "must be more than 0");
        }
        checkRefundId(refundId);
        Commission c = CommissionRepository.byDedupeKey(h, workspaceId, "sale:" + saleEventId)
                .orElseThrow(() -> ApiException.notFound("No sale commission for sale " + saleEventId + "."));
        Optional<RefundResult> settled = settled(h, c, refundId);
        if (settled.isPresent()) {
            return settled.get();
        }
        long before = CommissionRepository.refunded(h, c.id());
        long after = RefundMath.scale(Math.min(cumulative, total), total, c.amount());
        if (after <= before) {
            return new RefundResult(RefundResult.UNCHANGED, view(h, c), null);
        }
        return applyRefund(h, c, before, after, refundId, clock.millis());
    }

    private static void checkRefundId(String refundId) {
        if (refundId == null || refundId.isBlank() || refundId.length() > 190) {
            throw ApiException.invalid("refundId", "is required (1 to 190 characters)");
        }
    }

    /** The answer when the refund changes nothing: its id was applied already, or the entry was rejected. */
    private static Optional<RefundResult> settled(Handle h, Commission c, String refundId) {
        Optional<Commission> already = CommissionRepository.byDedupeKey(h, c.workspaceId(), refundKey(c, refundId));
        if (already.isPresent()) {
            return Optional.of(new RefundResult(RefundResult.UNCHANGED, view(h, c), already.get()));
        }
        boolean voided = !paidOut(h, c) && !c.status().counted() && c.status() != CommissionStatus.HOLD;
        return voided ? Optional.of(new RefundResult(RefundResult.UNCHANGED, view(h, c), null)) : Optional.empty();
    }

    private static String refundKey(Commission c, String refundId) {
        return "refund:" + c.id() + ":" + refundId;
    }

    /** Paid, or in a payout that is no longer pending: money left, so a refund is a clawback. */
    private static boolean paidOut(Handle h, Commission c) {
        return c.status() == CommissionStatus.PAID
                || (c.status() == CommissionStatus.PROCESSED && !payoutPending(h, c.payoutId()));
    }

    /**
     * Records that {@code after} (up from {@code before}) of the sale is refunded. Unpaid and now
     * refunded in full: the entry becomes refunded and its open corrections follow it. Otherwise one
     * correction entry (a clawback when paid, pending so it nets against the next payout) brings the
     * refund corrections to the earnings on what remains less the earnings, rounded once; it is
     * written even when that difference is 0 cents, so its refund id is known as applied.
     */
    private RefundResult applyRefund(Handle h, Commission c, long before, long after, String refundId, long now) {
        if (!CommissionRepository.setRefunded(h, c.id(), before, after)) {
            throw ApiException.conflict("Commission " + c.id() + " was refunded meanwhile; send the refund again.");
        }
        boolean paidOut = paidOut(h, c);
        if (!paidOut && after == c.amount()) {
            changeStatus(h, c, CommissionStatus.REFUNDED, now);
            GroupMoveEvaluator.evaluate(h, c.workspaceId(), c.partnerId(), now);
            return new RefundResult(RefundResult.REFUNDED, view(h, find(h, c.workspaceId(), c.id())), null);
        }
        long earnings = c.earnings();
        long recorded = 0;
        for (Commission x : CommissionRepository.corrections(h, c.id())) {
            if (x.status().counted() || x.status() == CommissionStatus.HOLD) {
                if (CommissionRepository.isRefund(x)) {
                    recorded += x.earnings();
                } else {
                    earnings += x.earnings();
                }
            }
        }
        long clawed = RefundMath.refundTarget(earnings, after, c.amount(), c.currency()) - recorded;
        CommissionStatus status = c.status() == CommissionStatus.HOLD ? CommissionStatus.HOLD : CommissionStatus.PENDING;
        String what = paidOut ? "Clawback" : "Refund correction";
        Commission correction = correction(c, status, -(after - before), clawed, what + " of " + c.id() + ": "
                + Explanation.money(after, c.currency()) + " of " + Explanation.money(c.amount(), c.currency())
                + " refunded so far (" + refundId + "), " + Explanation.money(clawed, c.currency()),
                refundKey(c, refundId), now);
        if (!CommissionRepository.insert(h, correction)) {
            throw ApiException.conflict("Refund " + refundId + " was applied meanwhile.");
        }
        GroupMoveEvaluator.evaluate(h, c.workspaceId(), c.partnerId(), now);
        return new RefundResult(paidOut ? RefundResult.CLAWBACK : RefundResult.CORRECTED, view(h, c), correction);
    }

    /** earnings x refunded / total, rounded half-up once through Money (truncating first keeps it exact). */
    static long proRata(long earnings, long refunded, long total, String currency) {
        int digits = Money.minorDigits(currency);
        BigDecimal major = BigDecimal.valueOf(earnings).multiply(BigDecimal.valueOf(refunded))
                .divide(BigDecimal.valueOf(total), digits + 12, RoundingMode.DOWN).movePointLeft(digits);
        return Money.of(major, currency).minor();
    }

    private static Commission correction(Commission c, CommissionStatus status, long amount, long earnings,
            String explanation, String dedupe, long now) {
        return new Commission(Ids.newId("cm_", now), c.workspaceId(), c.programId(), c.partnerId(), c.groupId(), c.type(),
                status, amount, earnings, c.currency(), 1, c.customerId(), c.linkId(), c.clickId(), c.eventId(),
                c.invoiceId(), "Correction of " + c.id(), c.rewardId(), null, null, explanation, null, c.id(), null,
                dedupe, null, now, now);
    }

    private Commission correct(Handle h, Commission c, Long earnings, Long saleAmount, Long modify, long now) {
        List<Commission> open = CommissionRepository.corrections(h, c.id()).stream()
                .filter(x -> x.status().counted() || x.status() == CommissionStatus.HOLD).toList();
        long currentAmount = c.amount() + open.stream().mapToLong(Commission::amount).sum();
        long currentEarnings = c.earnings() + open.stream().mapToLong(Commission::earnings).sum();
        long newAmount = modify != null ? currentAmount + modify : saleAmount != null ? saleAmount : currentAmount;
        if (newAmount < 0) {
            throw ApiException.invalid(modify != null ? "modifySaleAmount" : "saleAmount",
                    "would make the sale amount negative");
        }
        long newEarnings;
        if (earnings != null) {
            newEarnings = earnings;
        } else if (newAmount != currentAmount && percentage(c) && currentAmount > 0) {
            newEarnings = proRata(currentEarnings, newAmount, currentAmount, c.currency());
        } else {
            newEarnings = currentEarnings;
        }
        if (!c.status().counted() && c.status() != CommissionStatus.HOLD) {
            throw ApiException.conflict("Commission " + c.id() + " is " + c.status().apiName()
                    + "; set it back to pending before changing its amounts.");
        }
        if (newEarnings == currentEarnings && newAmount == currentAmount) {
            return c;
        }
        CommissionStatus status = c.status() == CommissionStatus.HOLD ? CommissionStatus.HOLD : CommissionStatus.PENDING;
        String explanation = "Correction of " + c.id() + ": earnings " + Explanation.money(currentEarnings, c.currency())
                + " -> " + Explanation.money(newEarnings, c.currency())
                + (newAmount != currentAmount ? ", amount " + Explanation.money(currentAmount, c.currency()) + " -> "
                        + Explanation.money(newAmount, c.currency()) : "");
        Commission correction = correction(c, status, newAmount - currentAmount, newEarnings - currentEarnings,
                explanation, null, now);
        CommissionRepository.insert(h, correction);
        return correction;
    }

    /** Whether the terms that paid this entry were a percentage of the sale (so earnings follow the amount). */
    private static boolean percentage(Commission c) {
        if (c.rewardSnapshot() == null) {
            return false;
        }
        Reward r = StoredReward.parse(c.rewardId(), c.rewardSnapshot()).reward();
        RewardType type = r.type();
        if (c.matchedModifier() != null && c.matchedModifier() < r.modifiers().size()) {
            Modifier m = r.modifiers().get(c.matchedModifier());
            type = m.type() != null ? m.type() : type;
        }
        return type == RewardType.PERCENTAGE;
    }

    /** Moves a commission through the transition table; leaving a pending payout updates its amount. */
    Commission changeStatus(Handle h, Commission c, CommissionStatus to, long now) {
        if (c.status() == to) {
            return c;
        }
        if (!c.status().canBecome(to)) {
            throw ApiException.conflict("Commission " + c.id() + " cannot go from " + c.status().apiName() + " to "
                    + to.apiName() + ".");
        }
        if (c.status() == CommissionStatus.PROCESSED && !payoutPending(h, c.payoutId())) {
            throw ApiException.conflict("Commission " + c.id() + " is in payout " + c.payoutId()
                    + ", which is no longer pending.");
        }
        if (!CommissionRepository.setStatus(h, c.id(), c.status(), to, now)) {
            throw ApiException.conflict("Commission " + c.id() + " changed meanwhile; read it again.");
        }
        if (c.status() == CommissionStatus.PROCESSED && to != CommissionStatus.PAID) {
            PayoutTotals.recalculate(h, c.payoutId(), now);
        }
        CommissionRepository.announceUpdate(h, c, now);
        if (c.correctsId() == null) {
            correctionsFollow(h, c, to, now);
        }
        return CommissionRepository.byId(h, c.workspaceId(), c.id()).orElseThrow();
    }

    /**
     * A commission's corrections share its fate: the open ones (pending, held, or in a payout still
     * pending) take its new status, so a released commission's refund corrections are payable with
     * it and a rejected or refunded commission nets 0; and those that took a verdict with it come
     * back when it goes back to pending. Paid corrections stay: money moved.
     */
    private static void correctionsFollow(Handle h, Commission c, CommissionStatus to, long now) {
        for (Commission x : CommissionRepository.corrections(h, c.id())) {
            boolean open = x.status() == CommissionStatus.PENDING || x.status() == CommissionStatus.HOLD
                    || (x.status() == CommissionStatus.PROCESSED && payoutPending(h, x.payoutId()));
            boolean sharedVerdict = to == CommissionStatus.PENDING && x.status() == c.status()
                    && !x.status().counted();
            if (x.status() == to || !(open || sharedVerdict) || !x.status().canBecome(to)) {
                continue;
            }
            if (CommissionRepository.setStatus(h, x.id(), x.status(), to, now)) {
                if (x.status() == CommissionStatus.PROCESSED) {
                    PayoutTotals.recalculate(h, x.payoutId(), now);
                }
                CommissionRepository.announceUpdate(h, x, now);
            }
        }
    }

    private static boolean payoutPending(Handle h, String payoutId) {
        return payoutId != null && h.createQuery("SELECT COUNT(*) FROM payouts WHERE id = :id AND status = 'pending'")
                .bind("id", payoutId).mapTo(Integer.class).one() == 1;
    }

    private static void immutableIfPaid(Commission c) {
        if (c.status() == CommissionStatus.PAID) {
            throw ApiException.conflict("Commission " + c.id() + " is paid and cannot change; record a clawback"
                    + " (POST /commissions with negative earnings) instead.");
        }
    }

    private static CommissionStatus settable(Object value) {
        CommissionStatus s = CommissionStatus.parse("status", value);
        if (!CommissionStatus.SETTABLE_BY_API.contains(s)) {
            throw ApiException.invalid("status", "must be one of pending, refunded, duplicate, canceled, fraud");
        }
        return s;
    }

    private static Long optionalLong(Map<String, Object> body, String field, boolean nonNegative) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ApiException.invalid(field, "must be an integer amount in minor units");
        }
        long n = ((Number) v).longValue();
        if (nonNegative && n < 0) {
            throw ApiException.invalid(field, "must be 0 or more");
        }
        return n;
    }

    private static String optionalText(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.invalid(field, "must be a non-empty string");
        }
        return s;
    }
}
