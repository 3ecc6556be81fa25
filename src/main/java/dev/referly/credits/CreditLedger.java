package dev.referly.credits;

import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Writes to the credits ledger on the caller's handle. The balance row is kept in the same
 * transaction as each entry. Every debit is the conditional single statement
 * {@code UPDATE ... SET balance = balance - n WHERE balance >= n}, so concurrent redemptions can
 * never overdraw, on either store and across processes; that row's lock also orders the
 * bookkeeping of what is left of each grant (oldest expiry first).
 */
final class CreditLedger {
    private static final String COLUMNS = "id, workspace_id, holder_type, holder_id, unit, type, amount, remaining,"
            + " balance_after, expires_at, referral_id, corrects_id, reward_id, description, reason, dedupe_key, created_at";

    private CreditLedger() {}

    /** A positive entry; empty when its dedupe key was recorded before (nothing changes then). */
    static Optional<CreditEntry> add(Handle h, String ws, CreditHolder holder, String unit, String type, long amount,
            Long expiresAt, String referralId, String rewardId, String description, String reason, String dedupeKey,
            long now) {
        String id = Ids.newId("cr_", now);
        if (!insert(h, id, ws, holder, unit, type, amount, amount, expiresAt, referralId, null, rewardId, description,
                reason, dedupeKey, now)) {
            return Optional.empty();
        }
        h.createUpdate("INSERT INTO credit_balances (workspace_id, holder_type, holder_id, unit, balance, updated_at)"
                        + " VALUES (:ws, :type, :holder, :unit, :amount, :now) ON CONFLICT (workspace_id, holder_type,"
                        + " holder_id, unit) DO UPDATE SET balance = credit_balances.balance + excluded.balance,"
                        + " updated_at = excluded.updated_at")
                .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id()).bind("unit", unit)
                .bind("amount", amount).bind("now", now).execute();
        return Optional.of(settle(h, id, ws, holder, unit));
    }

    /**
     * A negative entry of {@code amount} (> 0); empty when its dedupe key was recorded before.
     * A balance that does not cover it is a 422 and the caller's transaction must roll back.
     */
    static Optional<CreditEntry> take(Handle h, String ws, CreditHolder holder, String unit, String type, long amount,
            String reason, String dedupeKey, long now) {
        String id = Ids.newId("cr_", now);
        if (!insert(h, id, ws, holder, unit, type, -amount, 0, null, null, null, null, null, reason, dedupeKey, now)) {
            return Optional.empty();
        }
        int taken = h.createUpdate("UPDATE credit_balances SET balance = balance - :amount, updated_at = :now"
                        + " WHERE workspace_id = :ws AND holder_type = :type AND holder_id = :holder AND unit = :unit"
                        + " AND balance >= :amount")
                .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id()).bind("unit", unit)
                .bind("amount", amount).bind("now", now).execute();
        if (taken == 0) {
            throw ApiException.invalid("amount", "exceeds the balance of " + balance(h, ws, holder, unit) + " " + unit);
        }
        consume(h, ws, holder, unit, amount);
        return Optional.of(settle(h, id, ws, holder, unit));
    }

    /** Expires what is left of a positive entry; empty when nothing is left or it expired already. */
    static Optional<CreditEntry> expire(Handle h, CreditEntry grant, long now) {
        CreditHolder holder = new CreditHolder(grant.holderType(), grant.holderId(), null, null);
        // Taking the balance row's lock first orders this after any redemption that is consuming the grant.
        h.createUpdate("UPDATE credit_balances SET updated_at = updated_at WHERE workspace_id = :ws"
                        + " AND holder_type = :type AND holder_id = :holder AND unit = :unit")
                .bind("ws", grant.workspaceId()).bind("type", holder.type()).bind("holder", holder.id())
                .bind("unit", grant.unit()).execute();
        long left = h.createQuery("SELECT remaining FROM credit_entries WHERE id = :id").bind("id", grant.id())
                .mapTo(Long.class).one();
        if (left <= 0) {
            return Optional.empty();
        }
        String id = Ids.newId("cr_", now);
        if (!insert(h, id, grant.workspaceId(), holder, grant.unit(), CreditEntry.EXPIRY, -left, 0, null,
                grant.referralId(), grant.id(), grant.rewardId(), null, "expired", "expiry:" + grant.id(), now)) {
            return Optional.empty();
        }
        h.createUpdate("UPDATE credit_entries SET remaining = 0 WHERE id = :id").bind("id", grant.id()).execute();
        h.createUpdate("UPDATE credit_balances SET balance = balance - :left, updated_at = :now WHERE workspace_id = :ws"
                        + " AND holder_type = :type AND holder_id = :holder AND unit = :unit")
                .bind("left", left).bind("now", now).bind("ws", grant.workspaceId()).bind("type", holder.type())
                .bind("holder", holder.id()).bind("unit", grant.unit()).execute();
        return Optional.of(settle(h, id, grant.workspaceId(), holder, grant.unit()));
    }

    /** Takes {@code amount} from the positive entries' remainders, soonest expiry first, never-expiring last. */
    private static void consume(Handle h, String ws, CreditHolder holder, String unit, long amount) {
        List<long[]> open = h.createQuery("SELECT seq, remaining FROM credit_entries WHERE workspace_id = :ws"
                        + " AND holder_type = :type AND holder_id = :holder AND unit = :unit AND remaining > 0"
                        + " ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, seq")
                .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id()).bind("unit", unit)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        long left = amount;
        for (long[] e : open) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, e[1]);
            h.createUpdate("UPDATE credit_entries SET remaining = remaining - :take WHERE seq = :seq")
                    .bind("take", take).bind("seq", e[0]).execute();
            left -= take;
        }
    }

    private static boolean insert(Handle h, String id, String ws, CreditHolder holder, String unit, String type,
            long amount, long remaining, Long expiresAt, String referralId, String correctsId, String rewardId,
            String description, String reason, String dedupeKey, long now) {
        return h.createUpdate("INSERT INTO credit_entries (" + COLUMNS + ") VALUES (:id, :ws, :htype, :holder, :unit,"
                        + " :type, :amount, :remaining, NULL, :expires, :referral, :corrects, :reward, :description,"
                        + " :reason, :dedupe, :now) ON CONFLICT (workspace_id, dedupe_key) DO NOTHING")
                .bind("id", id).bind("ws", ws).bind("htype", holder.type()).bind("holder", holder.id())
                .bind("unit", unit).bind("type", type).bind("amount", amount).bind("remaining", remaining)
                .bind("expires", expiresAt).bind("referral", referralId).bind("corrects", correctsId)
                .bind("reward", rewardId).bind("description", description).bind("reason", reason)
                .bind("dedupe", dedupeKey).bind("now", now).execute() == 1;
    }

    /** Stamps the entry with the balance it left and returns it. */
    private static CreditEntry settle(Handle h, String id, String ws, CreditHolder holder, String unit) {
        h.createUpdate("UPDATE credit_entries SET balance_after = :balance WHERE id = :id")
                .bind("balance", balance(h, ws, holder, unit)).bind("id", id).execute();
        return byId(h, id).orElseThrow();
    }

    static long balance(Handle h, String ws, CreditHolder holder, String unit) {
        return h.createQuery("SELECT balance FROM credit_balances WHERE workspace_id = :ws AND holder_type = :type"
                        + " AND holder_id = :holder AND unit = :unit")
                .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id()).bind("unit", unit)
                .mapTo(Long.class).findOne().orElse(0L);
    }

    static Optional<CreditEntry> byId(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_entries WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static Optional<CreditEntry> byDedupeKey(Handle h, String ws, String key) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_entries WHERE workspace_id = :ws AND dedupe_key = :key")
                .bind("ws", ws).bind("key", key).map((rs, ctx) -> read(rs)).findOne();
    }

    static List<CreditEntry> ofHolder(Handle h, String ws, CreditHolder holder) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_entries WHERE workspace_id = :ws AND holder_type = :type"
                        + " AND holder_id = :holder ORDER BY seq DESC LIMIT 1000")
                .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id())
                .map((rs, ctx) -> read(rs)).list();
    }

    /** Positive entries past their expiry with something left, oldest first. */
    static List<CreditEntry> expiring(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credit_entries WHERE remaining > 0 AND expires_at IS NOT NULL"
                        + " AND expires_at <= :now ORDER BY expires_at, seq LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> read(rs)).list();
    }

    private static CreditEntry read(java.sql.ResultSet rs) throws java.sql.SQLException {
        long e = rs.getLong("expires_at");
        Long expires = rs.wasNull() ? null : e;
        return new CreditEntry(rs.getString("id"), rs.getString("workspace_id"), rs.getString("holder_type"),
                rs.getString("holder_id"), rs.getString("unit"), rs.getString("type"), rs.getLong("amount"),
                rs.getLong("remaining"), rs.getLong("balance_after"), expires, rs.getString("referral_id"),
                rs.getString("corrects_id"), rs.getString("reward_id"), rs.getString("description"),
                rs.getString("reason"), rs.getString("dedupe_key"), rs.getLong("created_at"));
    }
}
