package dev.referly.embed;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.Dimension;
import dev.referly.analytics.EventFilter;
import dev.referly.credits.CreditReward;
import dev.referly.credits.CreditService;
import dev.referly.links.Link;
import dev.referly.programs.Discount;
import dev.referly.programs.DiscountService;
import dev.referly.programs.PartnerDetails;
import dev.referly.programs.PartnerService;
import dev.referly.programs.RewardService;
import dev.referly.programs.StoredReward;
import dev.referly.referrals.Referral;
import dev.referly.referrals.ReferralService;
import dev.referly.rewards.RewardEvent;
import dev.referly.shared.ApiException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Everything the embedded referral dashboard shows one partner, read through the features' own services. */
public final class ReferralSummary {
    static final int CHART_DAYS = 30;
    static final int RECENT_REFERRALS = 10;

    /** One day of the chart. */
    public record Day(long clicks, long leads, long sales) {}

    public record View(PartnerDetails partner, String currency, Map<RewardEvent, StoredReward> rewards,
            Discount discount, CreditReward creditReward, Map<String, Long> credits, List<Day> days,
            List<Referral> referrals, Map<String, Long> earningsByStatus, List<Link> links, Integer maxLinks) {

        /** A program that rewards only in credits or free time: no cash to show. */
        public boolean creditsOnly() {
            return rewards.isEmpty() && creditReward != null;
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final PartnerService partners;
    private final AnalyticsService analytics;
    private final CreditService credits;
    private final ReferralService referrals;

    public ReferralSummary(Jdbi jdbi, Clock clock, PartnerService partners, AnalyticsService analytics,
            CreditService credits, ReferralService referrals) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.partners = partners;
        this.analytics = analytics;
        this.credits = credits;
        this.referrals = referrals;
    }

    public View of(String ws, String partnerId) {
        PartnerDetails details = partners.get(ws, partnerId);
        String groupId = details.partner().groupId();
        Map<RewardEvent, StoredReward> rewards = new EnumMap<>(RewardEvent.class);
        Discount[] discount = new Discount[1];
        Integer[] maxLinks = new Integer[1];
        String[] currency = new String[1];
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbi.useHandle(h -> {
            if (groupId != null) {
                for (RewardEvent e : RewardEvent.values()) {
                    RewardService.forGroup(h, groupId, e).ifPresent(r -> rewards.put(e, r));
                }
                discount[0] = DiscountService.forGroup(h, groupId).orElse(null);
                maxLinks[0] = h.createQuery("SELECT max_partner_links FROM partner_groups WHERE id = :g")
                        .bind("g", groupId).mapTo(Integer.class).findOne().orElse(null);
            }
            currency[0] = h.createQuery("SELECT currency FROM programs WHERE workspace_id = :ws")
                    .bind("ws", ws).mapTo(String.class).findOne().orElse("usd");
            h.createQuery("SELECT status, SUM(earnings) FROM commissions WHERE workspace_id = :ws AND partner_id = :p"
                            + " GROUP BY status ORDER BY status")
                    .bind("ws", ws).bind("p", partnerId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> byStatus.put(e.getKey(), e.getValue()));
        });
        CreditReward creditReward = null;
        if (groupId != null) {
            try {
                creditReward = credits.reward(ws, groupId);
            } catch (ApiException noneForTheGroup) {
                creditReward = null;
            }
        }
        Map<String, Long> balances = credits.statement(ws, new CreditService.HolderQuery(partnerId, null, null, null))
                .balances();
        List<Referral> recent = referrals.list(ws, new ReferralService.Query(partnerId, null, null, 1, RECENT_REFERRALS));
        return new View(details, currency[0], rewards, discount[0], creditReward, balances, days(ws, partnerId), recent,
                byStatus, partners.links(ws, partnerId, null), maxLinks[0]);
    }

    private List<Day> days(String ws, String partnerId) {
        long dayMillis = 86_400_000L;
        long end = (clock.millis() / dayMillis + 1) * dayMillis;
        long start = end - CHART_DAYS * dayMillis;
        EventFilter filter = new EventFilter(start, end, null, null, null, null, null, partnerId,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 1,
                EventFilter.MAX_LIMIT, false);
        List<Day> out = new ArrayList<>();
        for (AnalyticsService.Row r : analytics.analytics(ws, AnalyticsService.Event.COMPOSITE, Dimension.TIMESERIES,
                filter, ZoneOffset.UTC, false, false, null).rows()) {
            out.add(new Day(r.clicks(), r.leads(), r.sales()));
        }
        return out;
    }
}
