package dev.referly.credits;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** credit_rewards rows. */
final class CreditRewards {
    private CreditRewards() {}

    static Optional<CreditReward> forGroup(Handle h, String groupId) {
        return h.createQuery("SELECT * FROM credit_rewards WHERE group_id = :g").bind("g", groupId)
                .map((rs, ctx) -> {
                    int m = rs.getInt("max_rewarded_referrals");
                    Integer maxReferrals = rs.wasNull() ? null : m;
                    long t = rs.getLong("max_total");
                    Long maxTotal = rs.wasNull() ? null : t;
                    int e = rs.getInt("expires_in_days");
                    Integer expires = rs.wasNull() ? null : e;
                    return new CreditReward(rs.getString("id"), rs.getString("group_id"), rs.getString("kind"),
                            rs.getLong("amount"), rs.getString("unit"), rs.getString("recipient"),
                            rs.getString("trigger_event"), maxReferrals, maxTotal, expires, rs.getString("description"),
                            rs.getLong("created_at"), rs.getLong("updated_at"));
                })
                .findOne();
    }

    static void put(Handle h, String ws, CreditReward r) {
        h.createUpdate("INSERT INTO credit_rewards (id, workspace_id, group_id, kind, amount, unit, recipient,"
                        + " trigger_event, max_rewarded_referrals, max_total, expires_in_days, description, created_at,"
                        + " updated_at) VALUES (:id, :ws, :group, :kind, :amount, :unit, :recipient, :trigger, :maxReferrals,"
                        + " :maxTotal, :expires, :description, :created, :updated) ON CONFLICT (group_id) DO UPDATE SET"
                        + " kind = excluded.kind, amount = excluded.amount, unit = excluded.unit,"
                        + " recipient = excluded.recipient, trigger_event = excluded.trigger_event,"
                        + " max_rewarded_referrals = excluded.max_rewarded_referrals, max_total = excluded.max_total,"
                        + " expires_in_days = excluded.expires_in_days, description = excluded.description,"
                        + " updated_at = excluded.updated_at")
                .bind("id", r.id()).bind("ws", ws).bind("group", r.groupId()).bind("kind", r.kind())
                .bind("amount", r.amount()).bind("unit", r.unit()).bind("recipient", r.recipient())
                .bind("trigger", r.trigger()).bind("maxReferrals", r.maxRewardedReferrals())
                .bind("maxTotal", r.maxTotal()).bind("expires", r.expiresInDays()).bind("description", r.description())
                .bind("created", r.createdAt()).bind("updated", r.updatedAt()).execute();
    }
}
