package dev.referly.credits;

import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Credit rewards per group, the credits ledger as the API shows it, redemptions, adjustments and expiry. */
public final class CreditService {
    private static final Logger LOG = Logger.getLogger(CreditService.class.getName());
    private static final int EXPIRY_BATCH = 500;

    private final Jdbi jdbi;
    private final Clock clock;

    public CreditService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- credit rewards

    public CreditReward reward(String ws, String group) {
        return jdbi.withHandle(h -> CreditRewards.forGroup(h, groupId(h, ws, group)))
                .orElseThrow(() -> ApiException.notFound("The group has no credit reward."));
    }

    /** PUT: creates or replaces the group's credit reward, keeping its id. */
    public CreditReward putReward(String ws, String group, Map<String, Object> body) {
        return jdbi.inTransaction(h -> {
            String groupId = groupId(h, ws, group);
            long now = clock.millis();
            Optional<CreditReward> before = CreditRewards.forGroup(h, groupId);
            CreditReward reward = CreditReward.parse(body, before.map(CreditReward::id).orElse(Ids.newId("crw_", now)),
                    groupId, before.map(CreditReward::createdAt).orElse(now), now);
            CreditRewards.put(h, ws, reward);
            return reward;
        });
    }

    public CreditReward deleteReward(String ws, String group) {
        return jdbi.inTransaction(h -> {
            String groupId = groupId(h, ws, group);
            CreditReward reward = CreditRewards.forGroup(h, groupId)
                    .orElseThrow(() -> ApiException.notFound("The group has no credit reward."));
            h.createUpdate("DELETE FROM credit_rewards WHERE group_id = :g").bind("g", groupId).execute();
            return reward;
        });
    }

    private static String groupId(Handle h, String ws, String idOrSlug) {
        return h.createQuery("SELECT id FROM partner_groups WHERE workspace_id = :ws AND (id = :g OR slug = :g)")
                .bind("ws", ws).bind("g", idOrSlug).mapTo(String.class).findOne()
                .orElseThrow(() -> ApiException.notFound("Group not found."));
    }

    // ---------------------------------------------------------------- the ledger

    /** Who a request names: partnerId, tenantId (a partner), customerId or customerExternalId (a customer). */
    public record HolderQuery(String partnerId, String tenantId, String customerId, String customerExternalId) {
        static HolderQuery of(Map<String, Object> body) {
            return new HolderQuery(text(body, "partnerId"), text(body, "tenantId"), text(body, "customerId"),
                    text(body, "customerExternalId"));
        }

        private static String text(Map<String, Object> body, String field) {
            Object v = body.get(field);
            if (v != null && !(v instanceof String)) {
                throw ApiException.invalid(field, "must be a string");
            }
            return v == null || ((String) v).isBlank() ? null : ((String) v).strip();
        }
    }

    /** A holder's balances per unit (units with a zero balance included) and newest-first entries. */
    public record Statement(CreditHolder holder, Map<String, Long> balances, List<CreditEntry> entries,
            Map<String, CreditProvisioning> provisioning) {}

    /** The result of a redemption or adjustment: the entry and the balance it left. */
    public record Applied(CreditHolder holder, CreditEntry entry, boolean replayed) {}

    public Statement statement(String ws, HolderQuery q) {
        return jdbi.withHandle(h -> {
            CreditHolder holder = resolve(h, ws, q);
            Map<String, Long> balances = new LinkedHashMap<>();
            h.createQuery("SELECT unit, balance FROM credit_balances WHERE workspace_id = :ws AND holder_type = :type"
                            + " AND holder_id = :holder ORDER BY unit")
                    .bind("ws", ws).bind("type", holder.type()).bind("holder", holder.id())
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> balances.put(e.getKey(), e.getValue()));
            List<CreditEntry> entries = CreditLedger.ofHolder(h, ws, holder);
            return new Statement(holder, balances, entries, ProvisioningQueue.ofEntries(h, ws,
                    entries.stream().filter(e -> e.type().equals(CreditEntry.GRANT)).map(CreditEntry::id).toList()));
        });
    }

    /**
     * POST /credits/redeem: takes {@code amount} off the balance, never below zero (422). The
     * idempotency key is claimed by the entry's unique dedupe key: a repeat returns the first entry.
     */
    public Applied redeem(String ws, Map<String, Object> body) {
        HolderQuery q = HolderQuery.of(body);
        String unit = unit(body);
        long amount = amount(body, false);
        Object key = body.get("idempotencyKey");
        if (!(key instanceof String k) || k.isBlank() || k.length() > 190) {
            throw ApiException.invalid("idempotencyKey", "is required (a string of at most 190 characters)");
        }
        String dedupe = "redeem:" + k.strip();
        return jdbi.inTransaction(h -> {
            CreditHolder holder = resolve(h, ws, q);
            Optional<CreditEntry> first = CreditLedger.byDedupeKey(h, ws, dedupe);
            if (first.isPresent()) {
                return replay(h, ws, first.get());
            }
            Optional<CreditEntry> entry = CreditLedger.take(h, ws, holder, unit, CreditEntry.REDEMPTION, amount,
                    textOrNull(body.get("reason")), dedupe, clock.millis());
            return entry.map(e -> new Applied(holder, e, false))
                    // a concurrent request with the same key committed first
                    .orElseGet(() -> replay(h, ws, CreditLedger.byDedupeKey(h, ws, dedupe).orElseThrow()));
        });
    }

    private static Applied replay(Handle h, String ws, CreditEntry first) {
        return new Applied(new CreditHolder(first.holderType(), first.holderId(), null, null), first, true);
    }

    /** POST /credits/adjust: an admin's signed correction with a reason; a negative one cannot overdraw. */
    public Applied adjust(String ws, Map<String, Object> body) {
        HolderQuery q = HolderQuery.of(body);
        String unit = unit(body);
        long amount = amount(body, true);
        String reason = textOrNull(body.get("reason"));
        if (reason == null) {
            throw ApiException.invalid("reason", "is required");
        }
        if (reason.length() > 500) {
            throw ApiException.invalid("reason", "must be at most 500 characters");
        }
        return jdbi.inTransaction(h -> {
            CreditHolder holder = resolve(h, ws, q);
            long now = clock.millis();
            CreditEntry entry = amount > 0
                    ? CreditLedger.add(h, ws, holder, unit, CreditEntry.ADJUSTMENT, amount, null, null, null, null,
                            reason, null, now).orElseThrow()
                    : CreditLedger.take(h, ws, holder, unit, CreditEntry.ADJUSTMENT, -amount, reason, null, now)
                            .orElseThrow();
            return new Applied(holder, entry, false);
        });
    }

    /** POST /credits/provisioning/{id}/retry: a failed provisioning is queued again, due now (409 otherwise). */
    public CreditProvisioning retryProvisioning(String ws, String id) {
        return jdbi.inTransaction(h -> {
            CreditProvisioning row = ProvisioningQueue.byId(h, ws, id)
                    .orElseThrow(() -> ApiException.notFound("Provisioning not found."));
            if (!ProvisioningQueue.requeue(h, ws, id, clock.millis())) {
                throw ApiException.conflict("Only a failed provisioning can be retried; this one is " + row.state() + ".");
            }
            return ProvisioningQueue.byId(h, ws, id).orElseThrow();
        });
    }

    /** Expires every grant past its time that has something left, one transaction each; the number expired. */
    public int expireDue() {
        long now = clock.millis();
        int expired = 0;
        List<CreditEntry> due = jdbi.withHandle(h -> CreditLedger.expiring(h, now, EXPIRY_BATCH));
        for (CreditEntry grant : due) {
            try {
                if (jdbi.inTransaction(h -> CreditLedger.expire(h, grant, now)).isPresent()) {
                    expired++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not expire credit entry " + grant.id(), e);
            }
        }
        return expired;
    }

    private static CreditHolder resolve(Handle h, String ws, HolderQuery q) {
        if (q.partnerId() != null || q.tenantId() != null) {
            String sql = "SELECT id, tenant_id FROM partners WHERE workspace_id = :ws AND "
                    + (q.partnerId() != null ? "id = :partner" : "tenant_id = :tenant");
            return h.createQuery(sql).bind("ws", ws).bind("partner", q.partnerId()).bind("tenant", q.tenantId())
                    .map((rs, ctx) -> new CreditHolder(CreditHolder.PARTNER, rs.getString(1), rs.getString(2), null))
                    .findOne().orElseThrow(() -> ApiException.notFound("Partner not found."));
        }
        if (q.customerId() != null || q.customerExternalId() != null) {
            String sql = "SELECT id, external_id FROM customers WHERE workspace_id = :ws AND erased_at IS NULL AND "
                    + (q.customerId() != null ? "id = :customer" : "external_id = :external");
            return h.createQuery(sql).bind("ws", ws).bind("customer", q.customerId())
                    .bind("external", q.customerExternalId())
                    .map((rs, ctx) -> new CreditHolder(CreditHolder.CUSTOMER, rs.getString(1), null, rs.getString(2)))
                    .findOne().orElseThrow(() -> ApiException.notFound("Customer not found."));
        }
        throw ApiException.invalid("partnerId", "name the holder: partnerId, tenantId, customerId or customerExternalId");
    }

    /** Units are short words or codes; the cap keeps them inside PostgreSQL's index row limit. */
    private static final int MAX_UNIT_LENGTH = 64;

    private static String unit(Map<String, Object> body) {
        String unit = textOrNull(body.get("unit"));
        if (unit == null) {
            throw ApiException.invalid("unit", "is required (credits, a currency code, days or months)");
        }
        if (unit.length() > MAX_UNIT_LENGTH) {
            throw ApiException.invalid("unit", "must be at most " + MAX_UNIT_LENGTH + " characters");
        }
        return unit.toLowerCase(java.util.Locale.ROOT);
    }

    private static long amount(Map<String, Object> body, boolean signed) {
        Object v = body.get("amount");
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ApiException.invalid("amount", "is required (an integer)");
        }
        long n = ((Number) v).longValue();
        if (signed ? n == 0 : n <= 0) {
            throw ApiException.invalid("amount", signed ? "must not be 0" : "must be greater than 0");
        }
        if (Math.abs(n) > 1_000_000_000_000L) {
            throw ApiException.invalid("amount", "is too large");
        }
        return n;
    }

    private static String textOrNull(Object v) {
        return v instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
