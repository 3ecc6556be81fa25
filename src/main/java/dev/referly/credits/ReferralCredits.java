package dev.referly.credits;

import dev.referly.conversions.ConversionListener;
import dev.referly.referrals.Referral;
import dev.referly.referrals.Referrals;
import dev.referly.shared.Ids;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Customer referrals, inside the conversion's transaction: the first conversion of a customer on a
 * partner's link opens its referral (judged by {@link ReferralAbuse} once, then pending or
 * rejected), and the partner's group's credit reward grants credit when its trigger happens.
 *
 * <p>App runs it after the commissions recorder, so a group move made by this very conversion
 * already applies ("later rewards follow the new group"), and before the webhooks listener.
 * Each grant's dedupe key ('grant:referral:side', plus ':sale' for every_sale) makes it happen
 * once whatever the concurrency; the referrer's caps are a locked per-referrer tally row.
 */
public final class ReferralCredits implements ConversionListener {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    @Override
    public void leadRecorded(Handle h, LeadRecorded lead) {
        rewardable(h, lead.workspaceId(), lead.linkId(), lead.customerId(), lead.clickId(), lead.at()).ifPresent(r -> {
            String trigger = r.reward().trigger();
            // qualified_lead: a later milestone (another lead event) of a customer already referred.
            if (trigger.equals(CreditReward.LEAD) || trigger.equals(CreditReward.QUALIFIED_LEAD) && !r.opened().now()) {
                grant(h, r.referrer(), r.opened().referral(), r.reward(), "", lead.linkId(), lead.at());
            }
        });
    }

    @Override
    public void saleRecorded(Handle h, SaleRecorded sale) {
        rewardable(h, sale.workspaceId(), sale.linkId(), sale.customerId(), sale.clickId(), sale.at()).ifPresent(r -> {
            String trigger = r.reward().trigger();
            if (trigger.equals(CreditReward.FIRST_SALE) && sale.firstSale()) {
                grant(h, r.referrer(), r.opened().referral(), r.reward(), "", sale.linkId(), sale.at());
            } else if (trigger.equals(CreditReward.EVERY_SALE)) {
                grant(h, r.referrer(), r.opened().referral(), r.reward(), ":" + sale.saleEventId(), sale.linkId(),
                        sale.at());
            }
        });
    }

    /** A conversion on a partner's link: its referral (opened now if new) and the group's credit reward, if any. */
    private record Rewardable(Referrer referrer, Opened opened, CreditReward reward) {}

    /** The referral and credit reward a conversion may earn, or empty: no partner, a rejected referral, or no reward. */
    private static Optional<Rewardable> rewardable(Handle h, String ws, String linkId, String customerId,
            String clickId, long at) {
        Optional<Referrer> referrer = referrer(h, ws, linkId);
        if (referrer.isEmpty()) {
            return Optional.empty();
        }
        Opened opened = open(h, ws, referrer.get(), customerId, clickId, at);
        if (opened.referral().rejected()) {
            return Optional.empty();
        }
        return CreditRewards.forGroup(h, referrer.get().groupId())
                .map(reward -> new Rewardable(referrer.get(), opened, reward));
    }

    /** The partner behind a link, as this listener needs it. */
    private record Referrer(String id, String workspaceId, String groupId, String tenantId, String email) {}

    private record Opened(Referral referral, boolean now) {}

    private static Optional<Referrer> referrer(Handle h, String ws, String linkId) {
        if (linkId == null) {
            return Optional.empty();
        }
        return h.createQuery("SELECT p.id, p.group_id, p.tenant_id, p.email FROM links l JOIN partners p"
                        + " ON p.id = l.partner_id WHERE l.id = :link AND p.workspace_id = :ws")
                .bind("link", linkId).bind("ws", ws)
                .map((rs, ctx) -> new Referrer(rs.getString(1), ws, rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne();
    }

    /** The customer's referral, opened (and judged) now if it has none. */
    private static Opened open(Handle h, String ws, Referrer referrer, String customerId, String clickId, long at) {
        Optional<Referral> existing = Referrals.byCustomer(h, ws, customerId);
        if (existing.isPresent()) {
            return new Opened(existing.get(), false);
        }
        Optional<Referrals.CodeVisit> visit = Referrals.visit(h, clickId);
        String code = visit.map(Referrals.CodeVisit::code).orElseGet(() -> activeCode(h, referrer.id()));
        String ipHash = visit.map(Referrals.CodeVisit::ipHash).orElse(null);
        Customer referee = customer(h, customerId);
        Optional<Customer> self = referrer.tenantId() == null ? Optional.empty()
                : h.createQuery("SELECT external_id, email, click_id FROM customers WHERE workspace_id = :ws"
                                + " AND external_id = :tenant")
                        .bind("ws", ws).bind("tenant", referrer.tenantId())
                        .map((rs, ctx) -> new Customer(rs.getString(1), rs.getString(2), rs.getString(3))).findOne();
        Set<String> referrerIps = new HashSet<>();
        self.flatMap(c -> Referrals.visit(h, c.clickId())).map(Referrals.CodeVisit::ipHash)
                .ifPresent(referrerIps::add);
        String referrerEmail = referrer.email() != null ? referrer.email() : self.map(Customer::email).orElse(null);
        List<String> reasons = ReferralAbuse.check(new ReferralAbuse.Evidence(referee.externalId(),
                referrer.tenantId(), referee.email(), referrerEmail, ipHash, referrerIps,
                Referrals.recentSignups(h, ws, code, ipHash, at - HOUR), Referrals.burstLimit(h, ws)));
        Referral r = Referrals.open(h, new Referral(Ids.newId("ref_", at), ws, referrer.id(), customerId, code, ipHash,
                reasons.isEmpty() ? Referral.PENDING : Referral.REJECTED,
                reasons.isEmpty() ? null : String.join(",", reasons), null, null, at, at));
        return new Opened(r, true);
    }

    private record Customer(String externalId, String email, String clickId) {}

    private static Customer customer(Handle h, String customerId) {
        return h.createQuery("SELECT external_id, email, click_id FROM customers WHERE id = :id").bind("id", customerId)
                .map((rs, ctx) -> new Customer(rs.getString(1), rs.getString(2), rs.getString(3))).one();
    }

    private static String activeCode(Handle h, String partnerId) {
        return h.createQuery("SELECT code FROM referral_codes WHERE partner_id = :p AND active = TRUE"
                        + " ORDER BY created_at LIMIT 1").bind("p", partnerId).mapTo(String.class).findOne().orElse(null);
    }

    private static void grant(Handle h, Referrer referrer, Referral referral, CreditReward reward, String suffix,
            String linkId, long at) {
        Referrals.qualify(h, referral.id(), at);
        Long expiresAt = reward.expiresInDays() == null ? null : at + reward.expiresInDays() * DAY;
        if (reward.rewardsReferred()) {
            Optional<CreditEntry> entry = CreditLedger.add(h, referral.workspaceId(),
                    CreditHolder.customer(referral.customerId()), reward.unit(), CreditEntry.GRANT, reward.amount(),
                    expiresAt, referral.id(), reward.id(), reward.description(), null,
                    "grant:" + referral.id() + ":referred" + suffix, at);
            announce(h, entry, CreditHolder.customer(referral.customerId()), referral, reward, linkId, at);
        }
        if (reward.rewardsReferrer()) {
            long amount = referrerAmount(h, referrer, referral, reward, suffix);
            if (amount > 0) {
                Optional<CreditEntry> entry = CreditLedger.add(h, referral.workspaceId(),
                        CreditHolder.partner(referrer.id()), reward.unit(), CreditEntry.GRANT, amount, expiresAt,
                        referral.id(), reward.id(), reward.description(), null,
                        "grant:" + referral.id() + ":referrer" + suffix, at);
                if (entry.isPresent()) {
                    h.createUpdate("UPDATE credit_referrer_tallies SET granted_total = granted_total + :amount,"
                                    + " rewarded_referrals = rewarded_referrals + :first WHERE workspace_id = :ws"
                                    + " AND partner_id = :p AND unit = :unit")
                            .bind("amount", amount).bind("first", firstReferrerGrant(h, referral, entry.get()) ? 1 : 0)
                            .bind("ws", referral.workspaceId()).bind("p", referrer.id()).bind("unit", reward.unit())
                            .execute();
                }
                announce(h, entry, CreditHolder.partner(referrer.id()), referral, reward, linkId, at);
            }
        }
    }

    /**
     * What the referrer may still be granted under the reward's caps. The tally row is locked first,
     * so concurrent grants to one referrer are counted one after the other.
     */
    private static long referrerAmount(Handle h, Referrer referrer, Referral referral, CreditReward reward,
            String suffix) {
        String ws = referral.workspaceId();
        h.createUpdate("INSERT INTO credit_referrer_tallies (workspace_id, partner_id, unit) VALUES (:ws, :p, :unit)"
                        + " ON CONFLICT (workspace_id, partner_id, unit) DO NOTHING")
                .bind("ws", ws).bind("p", referrer.id()).bind("unit", reward.unit()).execute();
        h.createUpdate("UPDATE credit_referrer_tallies SET rewarded_referrals = rewarded_referrals"
                        + " WHERE workspace_id = :ws AND partner_id = :p AND unit = :unit")
                .bind("ws", ws).bind("p", referrer.id()).bind("unit", reward.unit()).execute();
        if (CreditLedger.byDedupeKey(h, ws, "grant:" + referral.id() + ":referrer" + suffix).isPresent()) {
            return 0;
        }
        long[] tally = h.createQuery("SELECT rewarded_referrals, granted_total FROM credit_referrer_tallies"
                        + " WHERE workspace_id = :ws AND partner_id = :p AND unit = :unit")
                .bind("ws", ws).bind("p", referrer.id()).bind("unit", reward.unit())
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
        boolean counted = h.createQuery("SELECT COUNT(*) FROM credit_entries WHERE workspace_id = :ws"
                        + " AND referral_id = :r AND holder_type = 'partner' AND type = 'grant'")
                .bind("ws", ws).bind("r", referral.id()).mapTo(Integer.class).one() > 0;
        if (!counted && reward.maxRewardedReferrals() != null && tally[0] >= reward.maxRewardedReferrals()) {
            return 0;
        }
        long amount = reward.amount();
        if (reward.maxTotal() != null) {
            amount = Math.min(amount, reward.maxTotal() - tally[1]);
        }
        return Math.max(0, amount);
    }

    private static boolean firstReferrerGrant(Handle h, Referral referral, CreditEntry entry) {
        return h.createQuery("SELECT COUNT(*) FROM credit_entries WHERE workspace_id = :ws AND referral_id = :r"
                        + " AND holder_type = 'partner' AND type = 'grant' AND id <> :id")
                .bind("ws", referral.workspaceId()).bind("r", referral.id()).bind("id", entry.id())
                .mapTo(Integer.class).one() == 0;
    }

    private static boolean announce(Handle h, Optional<CreditEntry> entry, CreditHolder holder, Referral referral,
            CreditReward reward, String linkId, long at) {
        if (entry.isEmpty()) {
            return false;
        }
        Referrals.rewarded(h, referral.id(), at);
        ProvisioningQueue.enqueue(h, entry.get(), at);
        Referral current = Referrals.byCustomer(h, referral.workspaceId(), referral.customerId()).orElse(referral);
        Outbox.append(h, referral.workspaceId(), EventTypes.CREDIT_GRANTED, linkId,
                new CreditGranted(entry.get(), holder, current, reward), at);
        return true;
    }
}
