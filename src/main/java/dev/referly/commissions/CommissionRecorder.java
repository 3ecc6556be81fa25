package dev.referly.commissions;

import dev.referly.conversions.ConversionListener;
import dev.referly.programs.GroupMoveEvaluator;
import dev.referly.rewards.CommissionMath;
import dev.referly.rewards.LineItemEarnings;
import dev.referly.rewards.RecurringRewards;
import dev.referly.rewards.RewardEvaluator;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardFacts;
import dev.referly.rewards.RewardSelection;
import dev.referly.rewards.SaleLine;
import dev.referly.shared.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Turns tracked leads and sales on partner links into commission entries, inside the
 * conversion's own transaction. The dedupe key makes each source event earn at most once
 * ('lead:partner:customer' - one lead commission per partner and customer - and
 * 'sale:saleEventId'), whatever the concurrency.
 *
 * <p>Zero earnings record nothing, as Dub does: a $0 reward with only a description is a
 * non-monetary perk shown on the program page, not a ledger entry.
 */
public final class CommissionRecorder implements ConversionListener {

    @Override
    public void leadRecorded(Handle h, LeadRecorded lead) {
        if (lead.linkId() == null) {
            return;
        }
        Optional<PartnerContext> found = PartnerContext.ofLink(h, lead.workspaceId(), lead.linkId());
        if (found.isEmpty()) {
            return;
        }
        PartnerContext partner = found.get();
        if (partner.earns()) {
            recordLead(h, partner, lead);
        }
        GroupMoveEvaluator.evaluate(h, lead.workspaceId(), partner.id(), lead.at());
    }

    @Override
    public void saleRecorded(Handle h, SaleRecorded sale) {
        if (sale.linkId() == null) {
            return;
        }
        Optional<PartnerContext> found = PartnerContext.ofLink(h, sale.workspaceId(), sale.linkId());
        if (found.isEmpty()) {
            return;
        }
        PartnerContext partner = found.get();
        if (partner.earns()) {
            recordSale(h, partner, sale);
        }
        GroupMoveEvaluator.evaluate(h, sale.workspaceId(), partner.id(), sale.at());
    }

    private static void recordLead(Handle h, PartnerContext partner, LeadRecorded lead) {
        Optional<StoredReward> stored = StoredReward.forGroup(h, partner.groupId(), RewardEvent.LEAD);
        if (stored.isEmpty()) {
            return;
        }
        String dedupe = "lead:" + partner.id() + ":" + lead.customerId();
        if (CommissionRepository.byDedupeKey(h, lead.workspaceId(), dedupe).isPresent()) {
            return; // the customer already earned this partner its lead commission
        }
        RewardFacts facts = new FactsBuilder().partner(h, partner).customer(h, lead.customerId(), lead.at())
                .metadata("lead", lead.metadata()).build();
        RewardSelection s = RewardEvaluator.select(stored.get().reward(), facts);
        long earnings = CommissionMath.leadEarnings(s, lead.quantity());
        String terms = Explanation.term(stored.get().reward(), s, 0, lead.quantity(), partner.currency());
        insert(h, partner, Commission.LEAD, stored.get(), s.matchedModifier(), 0, earnings, terms, lead.quantity(),
                lead.customerId(), lead.linkId(), lead.clickId(), lead.leadEventId(), null, dedupe, lead.at(), false);
    }

    private static void recordSale(Handle h, PartnerContext partner, SaleRecorded sale) {
        Optional<StoredReward> stored = StoredReward.forGroup(h, partner.groupId(), RewardEvent.SALE);
        if (stored.isEmpty()) {
            return;
        }
        RewardFacts facts = new FactsBuilder().partner(h, partner).customer(h, sale.customerId(), sale.at())
                .metadata("sale", sale.metadata())
                .put("sale.amount", Long.toString(sale.amount()))
                .put("sale.type", sale.recurring() ? "recurring" : "new")
                .put("sale.currency", sale.currency())
                .build();
        long earnings;
        String terms;
        Integer matched;
        int quantity;
        if (sale.lineItems().isEmpty()) {
            RewardSelection s = RewardEvaluator.select(stored.get().reward(), facts);
            if (!pays(h, partner, sale, s)) {
                return;
            }
            earnings = CommissionMath.saleEarnings(s, sale.amount(), 1);
            terms = Explanation.term(stored.get().reward(), s, sale.amount(), 1, partner.currency());
            matched = s.matchedModifier();
            quantity = 1;
        } else {
            // Duration follows the sale's overall terms; each line then chooses its own amount.
            RewardSelection s = RewardEvaluator.select(stored.get().reward(), facts);
            if (!pays(h, partner, sale, s)) {
                return;
            }
            List<SaleLine> lines = sale.lineItems().stream()
                    .map(l -> new SaleLine(l.productId(), l.amount(), l.quantity())).toList();
            LineItemEarnings items = CommissionMath.saleEarnings(stored.get().reward(), facts, lines);
            earnings = items.total();
            terms = Explanation.lines(stored.get().reward(), items.lines(), partner.currency());
            matched = items.lines().stream().map(l -> l.selection().matchedModifier())
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            quantity = lines.stream().mapToInt(SaleLine::quantity).sum();
        }
        insert(h, partner, Commission.SALE, stored.get(), matched, sale.amount(), earnings, terms, quantity,
                sale.customerId(), sale.linkId(), sale.clickId(), sale.saleEventId(), sale.invoiceId(),
                "sale:" + sale.saleEventId(), sale.at(), sale.heldForReview());
    }

    /** Recurring sales pay for the selection's duration, counted from the partner's first sale commission for the customer. */
    private static boolean pays(Handle h, PartnerContext partner, SaleRecorded sale, RewardSelection s) {
        Long first = h.createQuery("SELECT MIN(created_at) FROM commissions WHERE partner_id = :partner"
                        + " AND customer_id = :customer AND type = 'sale' AND corrects_id IS NULL")
                .bind("partner", partner.id()).bind("customer", sale.customerId())
                .mapTo(Long.class).one();
        return RecurringRewards.pays(s.maxDuration(), first, sale.at());
    }

    private static void insert(Handle h, PartnerContext partner, String type, StoredReward reward, Integer matched,
            long amount, long earnings, String terms, int quantity, String customerId, String linkId, String clickId,
            String eventId, String invoiceId, String dedupeKey, long at, boolean heldForReview) {
        Caps.Capped capped = Caps.apply(h, reward.reward(), type, partner.id(),
                type.equals(Commission.SALE) ? customerId : null, earnings, at, partner.currency());
        if (capped.earnings() <= 0) {
            return;
        }
        String explanation = Explanation.sentence(type, reward.id(), terms, earnings, partner.currency())
                + capped.note();
        List<String> reasons = FraudSignals.check(new FraudSignals.Evidence(customerEmail(h, customerId),
                partner.email(), partner.banned(), clickQuery(h, clickId)));
        if (heldForReview) {
            reasons = new java.util.ArrayList<>(reasons);
            reasons.add(FraudSignals.CLIENT_SIDE_SALE);
        }
        CommissionStatus status = reasons.isEmpty() ? CommissionStatus.PENDING : CommissionStatus.HOLD;
        CommissionRepository.insert(h, new Commission(Ids.newId("cm_", at), partner.workspaceId(), partner.programId(),
                partner.id(), partner.groupId(), type, status, amount, capped.earnings(), partner.currency(), quantity,
                customerId, linkId, clickId, eventId, invoiceId, null, reward.id(), reward.json(), matched, explanation,
                reasons.isEmpty() ? null : String.join(",", reasons), null, null, dedupeKey, null, at, at));
    }

    static String customerEmail(Handle h, String customerId) {
        if (customerId == null) {
            return null;
        }
        return h.createQuery("SELECT email FROM customers WHERE id = :id").bind("id", customerId)
                .mapTo(String.class).findOne().orElse(null);
    }

    private static String clickQuery(Handle h, String clickId) {
        if (clickId == null) {
            return null;
        }
        return h.createQuery("SELECT query FROM clicks WHERE id = :id").bind("id", clickId)
                .mapTo(String.class).findOne().orElse(null);
    }
}
