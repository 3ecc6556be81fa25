package dev.referly.programs;

import dev.referly.rewards.RewardParser;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** PUT/GET/DELETE /groups/{id}/discount: at most one discount per group. */
public final class DiscountService {
    static final String SELECT = "SELECT id, workspace_id, group_id, type, amount, max_duration, description,"
            + " coupon_id, coupon_test_id, created_at, updated_at FROM discounts";
    static final int MAX_DURATION_MONTHS = 120;

    private final Jdbi jdbi;
    private final Clock clock;

    public DiscountService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The validated body of a PUT. */
    private record Input(String type, long amount, Integer maxDuration, String description, String couponId,
            String couponTestId) {}

    public Discount get(String workspaceId, String group) {
        return jdbi.withHandle(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            return forGroup(h, g.id()).orElseThrow(() -> noDiscount(g));
        });
    }

    /** Creates the group's discount or replaces it, keeping its id. */
    public Discount put(String workspaceId, AuditActor actor, String group, Map<String, Object> body) {
        return jdbi.inTransaction(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            Input in = parse(body);
            long now = clock.millis();
            Optional<Discount> before = forGroup(h, g.id());
            int inserted = h.createUpdate("INSERT INTO discounts (id, workspace_id, group_id, type, amount,"
                            + " max_duration, description, coupon_id, coupon_test_id, created_at, updated_at) VALUES"
                            + " (:id, :ws, :group, :type, :amount, :maxDuration, :description, :couponId,"
                            + " :couponTestId, :now, :now) ON CONFLICT (group_id) DO NOTHING")
                    .bind("id", Ids.newId("disc_", now)).bind("ws", workspaceId).bind("group", g.id())
                    .bind("type", in.type()).bind("amount", in.amount()).bind("maxDuration", in.maxDuration())
                    .bind("description", in.description()).bind("couponId", in.couponId())
                    .bind("couponTestId", in.couponTestId()).bind("now", now)
                    .execute();
            if (inserted == 0) {
                before = forGroup(h, g.id());
                h.createUpdate("UPDATE discounts SET type = :type, amount = :amount, max_duration = :maxDuration,"
                                + " description = :description, coupon_id = :couponId, coupon_test_id = :couponTestId,"
                                + " updated_at = :now WHERE group_id = :group")
                        .bind("type", in.type()).bind("amount", in.amount()).bind("maxDuration", in.maxDuration())
                    .bind("description", in.description()).bind("couponId", in.couponId())
                    .bind("couponTestId", in.couponTestId()).bind("now", now).bind("group", g.id())
                        .execute();
            }
            Discount after = forGroup(h, g.id()).orElseThrow();
            AuditLog.append(h, now, workspaceId, actor, before.isEmpty() ? "discount.created" : "discount.updated",
                    "discount", after.id(), before.map(Discount::auditState).orElse(null), after.auditState());
            return after;
        });
    }

    public Discount delete(String workspaceId, AuditActor actor, String group) {
        return jdbi.inTransaction(h -> {
            Group g = GroupService.find(h, workspaceId, group);
            Discount d = forGroup(h, g.id()).orElseThrow(() -> noDiscount(g));
            h.createUpdate("DELETE FROM discounts WHERE id = :id").bind("id", d.id()).execute();
            AuditLog.append(h, clock.millis(), workspaceId, actor, "discount.deleted", "discount", d.id(),
                    d.auditState(), null);
            return d;
        });
    }

    private static Input parse(Map<String, Object> body) {
        Object typeValue = body.getOrDefault("type", Discount.FLAT);
        if (!Discount.FLAT.equals(typeValue) && !Discount.PERCENTAGE.equals(typeValue)) {
            throw ApiException.invalid("type", "must be flat or percentage");
        }
        String type = (String) typeValue;
        long amount = Discount.FLAT.equals(type)
                ? Fields.integer("amount", body.get("amount"), 1, RewardParser.MAX_CENTS, false)
                : required(RewardParser.basisPoints("amount", body.get("amount")));
        Long months = Fields.integer("maxDuration", body.get("maxDuration"), 0, MAX_DURATION_MONTHS, true);
        return new Input(type, amount, months == null ? null : months.intValue(),
                Fields.text("description", body.get("description"), RewardParser.MAX_DESCRIPTION, true),
                Fields.text("couponId", body.get("couponId"), 190, true),
                Fields.text("couponTestId", body.get("couponTestId"), 190, true));
    }

    private static int required(Integer basisPoints) {
        if (basisPoints == null) {
            throw ApiException.invalid("amount", "is required");
        }
        return basisPoints;
    }

    public static Optional<Discount> forGroup(Handle h, String groupId) {
        return h.createQuery(SELECT + " WHERE group_id = :group").bind("group", groupId)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static Map<String, Discount> forGroups(Handle h, Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        return h.createQuery(SELECT + " WHERE group_id IN (<groups>)").bindList("groups", List.copyOf(groupIds))
                .map((rs, ctx) -> read(rs)).collectToMap(Discount::groupId, d -> d);
    }

    private static Discount read(ResultSet rs) throws SQLException {
        int maxDuration = rs.getInt(6);
        Integer months = rs.wasNull() ? null : maxDuration;
        return new Discount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), months,
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getLong(11));
    }

    private static ApiException noDiscount(Group g) {
        return ApiException.notFound("Group " + g.slug() + " has no discount.");
    }
}
