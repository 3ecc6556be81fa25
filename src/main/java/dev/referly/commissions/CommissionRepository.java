package dev.referly.commissions;

import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL of the commission ledger. Every write is a single conditional statement. */
final class CommissionRepository {
    static final String COLUMNS = "id, workspace_id, program_id, partner_id, group_id, type, status, amount, earnings,"
            + " currency, quantity, customer_id, link_id, click_id, event_id, invoice_id, description, reward_id,"
            + " reward_snapshot, matched_modifier, explanation, hold_reason, corrects_id, payout_id, dedupe_key, user_id,"
            + " created_at, updated_at";

    private CommissionRepository() {}

    /** Appends the entry unless one with its dedupe key exists; whether it was appended. */
    static boolean insert(Handle h, Commission c) {
        boolean inserted = h.createUpdate("INSERT INTO commissions (" + COLUMNS + ") VALUES (:id, :workspaceId, :programId,"
                        + " :partnerId, :groupId, :type, :status, :amount, :earnings, :currency, :quantity, :customerId,"
                        + " :linkId, :clickId, :eventId, :invoiceId, :description, :rewardId, :rewardSnapshot,"
                        + " :matchedModifier, :explanation, :holdReason, :correctsId, :payoutId, :dedupeKey, :userId,"
                        + " :createdAt, :updatedAt) ON CONFLICT DO NOTHING")
                .bindMethods(c)
                .bind("status", c.status().apiName())
                .execute() == 1;
        if (inserted) {
            Outbox.append(h, c.workspaceId(), EventTypes.COMMISSION_CREATED, c.linkId(), c.id(), c.updatedAt());
        }
        return inserted;
    }

    /** commission.updated, in the transaction of the change. */
    static void announceUpdate(Handle h, Commission c, long at) {
        Outbox.append(h, c.workspaceId(), EventTypes.COMMISSION_UPDATED, c.linkId(), c.id(), at);
    }

    static Optional<Commission> byId(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commissions WHERE id = :id AND workspace_id = :ws")
                .bind("id", id).bind("ws", workspaceId)
                .map(CommissionRepository::map).findOne();
    }

    static Optional<Commission> byDedupeKey(Handle h, String workspaceId, String key) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commissions WHERE workspace_id = :ws AND dedupe_key = :key")
                .bind("ws", workspaceId).bind("key", key)
                .map(CommissionRepository::map).findOne();
    }

    static List<Commission> corrections(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commissions WHERE corrects_id = :id ORDER BY seq")
                .bind("id", id).map(CommissionRepository::map).list();
    }

    /** How much of the commission's sale was refunded so far (in the units of its amount). */
    static long refunded(Handle h, String id) {
        return h.createQuery("SELECT refunded_amount FROM commissions WHERE id = :id").bind("id", id)
                .mapTo(Long.class).one();
    }

    /** Raises the refunded total from what was read to {@code after}; false when another refund came first. */
    static boolean setRefunded(Handle h, String id, long before, long after) {
        return h.createUpdate("UPDATE commissions SET refunded_amount = :after WHERE id = :id"
                        + " AND refunded_amount = :before")
                .bind("after", after).bind("before", before).bind("id", id).execute() == 1;
    }

    /** Refund corrections carry a 'refund:' dedupe key; edits carry none. */
    static boolean isRefund(Commission c) {
        return c.dedupeKey() != null && c.dedupeKey().startsWith("refund:");
    }

    /** Moves the entry from one status to another; false when it was no longer in {@code from}. */
    static boolean setStatus(Handle h, String id, CommissionStatus from, CommissionStatus to, long now) {
        if (!from.canBecome(to)) {
            throw new IllegalStateException(from + " -> " + to + " is not a commission transition");
        }
        // Leaving a payout (processed -> anything but paid) also clears payout_id.
        String payout = from == CommissionStatus.PROCESSED && to != CommissionStatus.PAID ? ", payout_id = NULL" : "";
        return h.createUpdate("UPDATE commissions SET status = :to, updated_at = :now" + payout
                        + " WHERE id = :id AND status = :from")
                .bind("to", to.apiName()).bind("from", from.apiName()).bind("now", now).bind("id", id)
                .execute() == 1;
    }

    static Commission map(ResultSet rs, StatementContext ctx) throws SQLException {
        int modifier = rs.getInt("matched_modifier");
        Integer matched = rs.wasNull() ? null : modifier;
        return new Commission(rs.getString("id"), rs.getString("workspace_id"), rs.getString("program_id"),
                rs.getString("partner_id"), rs.getString("group_id"), rs.getString("type"),
                CommissionStatus.fromDb(rs.getString("status")), rs.getLong("amount"), rs.getLong("earnings"),
                rs.getString("currency"), rs.getInt("quantity"), rs.getString("customer_id"), rs.getString("link_id"),
                rs.getString("click_id"), rs.getString("event_id"), rs.getString("invoice_id"),
                rs.getString("description"), rs.getString("reward_id"), rs.getString("reward_snapshot"), matched,
                rs.getString("explanation"), rs.getString("hold_reason"), rs.getString("corrects_id"),
                rs.getString("payout_id"), rs.getString("dedupe_key"), rs.getString("user_id"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
