package dev.referly.commissions;

import dev.referly.programs.GroupMoveEvaluator;
import dev.referly.rewards.CommissionMath;
import dev.referly.rewards.RewardEvaluator;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardSelection;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Click rewards, paid per UTC day: one entry per partner and day ('click:partner:yyyy-mm-dd'),
 * quantity = the day's clicks on the partner's links, earnings = flat amount x clicks, capped by
 * the reward's spend limits. Running a day again adds nothing, so the scheduler may run it freely.
 */
public final class ClickRewards {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;

    private final Jdbi jdbi;
    private final Clock clock;

    public ClickRewards(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Rewards {@code day}'s clicks in one workspace, or in all when workspaceId is null; entries created. */
    public int run(String workspaceId, LocalDate day) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = from + DAY;
        if (to > clock.millis()) {
            throw ApiException.invalid("date", "must be a day that has ended (UTC)");
        }
        // The hourly job passes no workspace: every workspace with a click reward. A null filter keeps
        // one statement (and one bound parameter) for both callers.
        List<String> workspaces = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT workspace_id FROM rewards"
                        + " WHERE LOWER(event) = 'click' AND (CAST(:ws AS VARCHAR(64)) IS NULL OR workspace_id = :ws)")
                .bind("ws", workspaceId).mapTo(String.class).list());
        int created = 0;
        for (String ws : workspaces) {
            Map<String, Long> clicks = jdbi.withHandle(h -> clicksByPartner(h, ws, from, to));
            for (Map.Entry<String, Long> e : clicks.entrySet()) {
                created += jdbi.inTransaction(h -> reward(h, ws, e.getKey(), e.getValue(), day, to - 1)) ? 1 : 0;
            }
        }
        return created;
    }

    /**
     * The day's clicks per partner. Raw clicks have no (link, time) index, to keep the redirect
     * path fast; the scan starts past the clicks the rollups saw in hours ending over an hour before
     * the day, since clicks are appended in time order.
     */
    private static Map<String, Long> clicksByPartner(Handle h, String ws, long from, long to) {
        long lowSeq = h.createQuery("SELECT COALESCE(MAX(max_seq), 0) FROM rollup_click_seq WHERE workspace_id = :ws"
                        + " AND hour < :before")
                .bind("ws", ws).bind("before", from - HOUR).mapTo(Long.class).one();
        Map<String, Long> counts = new java.util.HashMap<>();
        h.createQuery("SELECT l.partner_id, COUNT(*) FROM clicks c JOIN links l ON l.id = c.link_id"
                        + " WHERE c.workspace_id = :ws AND c.seq > :low AND c.ts >= :from AND c.ts < :to"
                        + " AND l.partner_id IS NOT NULL GROUP BY l.partner_id")
                .bind("ws", ws).bind("low", lowSeq).bind("from", from).bind("to", to)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    private static boolean reward(Handle h, String ws, String partnerId, long clicks, LocalDate day, long at) {
        Optional<PartnerContext> found = PartnerContext.byId(h, ws, partnerId);
        if (found.isEmpty() || !found.get().earns()) {
            return false;
        }
        PartnerContext partner = found.get();
        Optional<StoredReward> stored = StoredReward.forGroup(h, partner.groupId(), RewardEvent.CLICK);
        if (stored.isEmpty()) {
            return false;
        }
        String dedupe = "click:" + partnerId + ":" + day;
        if (CommissionRepository.byDedupeKey(h, ws, dedupe).isPresent()) {
            return false;
        }
        RewardSelection s = RewardEvaluator.select(stored.get().reward(),
                new FactsBuilder().partner(h, partner).build());
        int quantity = (int) Math.min(Integer.MAX_VALUE, clicks);
        long earnings = CommissionMath.leadEarnings(s, quantity); // flat x quantity, as for leads
        Caps.Capped capped = Caps.apply(h, stored.get().reward(), Commission.CLICK, partnerId, null, earnings, at,
                partner.currency());
        if (capped.earnings() <= 0) {
            return false;
        }
        String explanation = Explanation.sentence(Commission.CLICK, stored.get().id(),
                Explanation.term(stored.get().reward(), s, 0, quantity, partner.currency()) + " clicks on " + day,
                earnings, partner.currency()) + capped.note();
        CommissionStatus status = partner.banned() ? CommissionStatus.HOLD : CommissionStatus.PENDING;
        boolean inserted = CommissionRepository.insert(h, new Commission(Ids.newId("cm_", at), ws, partner.programId(),
                partnerId, partner.groupId(), Commission.CLICK, status, 0, capped.earnings(), partner.currency(),
                quantity, null, null, null, null, null, null, stored.get().id(), stored.get().json(),
                s.matchedModifier(), explanation, partner.banned() ? FraudSignals.PARTNER_BANNED : null, null, null,
                dedupe, null, at, at));
        if (inserted) {
            GroupMoveEvaluator.evaluate(h, ws, partnerId, at);
        }
        return inserted;
    }

    /** The day the scheduler rewards: yesterday in UTC. */
    public LocalDate lastFullDay() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }
}
