package dev.referly.programs;

import dev.referly.shared.Paging;
import dev.referly.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * SQL for partners, plus the little this package reads of the program, its groups, rewards,
 * discounts and the partner's links and commissions (those tables are written elsewhere).
 */
final class PartnerRepository {
    static final String COLUMNS = "p.id, p.workspace_id, p.program_id, p.group_id, p.name, p.email, p.username,"
            + " p.image, p.country, p.description, p.tenant_id, p.status, p.group_move_disabled, p.banned_at,"
            + " p.ban_reason, p.created_at, p.updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM partners p";

    /** What a partner's enrollment needs of the program. */
    record Program(String id, String url, String defaultGroupId) {}

    /** What a partner's links need of their group. */
    record Group(String id, String linkDomain, String linkUrl, Integer maxPartnerLinks) {}

    Optional<Program> program(Handle h, String ws) {
        return h.createQuery("SELECT id, url, default_group_id FROM programs WHERE workspace_id = :ws")
                .bind("ws", ws)
                .map((rs, ctx) -> new Program(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne();
    }

    /** The workspace's group with this id or, failing that, this slug. */
    Optional<Group> group(Handle h, String ws, String idOrSlug) {
        return h.createQuery("SELECT id, link_domain, link_url, max_partner_links FROM partner_groups"
                        + " WHERE workspace_id = :ws AND (id = :ref OR slug = :ref) ORDER BY CASE WHEN id = :ref THEN 0 ELSE 1 END")
                .bind("ws", ws).bind("ref", idOrSlug)
                .map((rs, ctx) -> {
                    int max = rs.getInt(4);
                    Integer maxLinks = rs.wasNull() ? null : max;
                    return new Group(rs.getString(1), rs.getString(2), rs.getString(3), maxLinks);
                })
                .findFirst();
    }

    /** Inserts unless the tenantId or email is taken in the workspace; true when this call created it. */
    boolean insertIfAbsent(Handle h, Partner p) {
        return h.createUpdate("INSERT INTO partners (id, workspace_id, program_id, group_id, name, email, username, image,"
                        + " country, description, tenant_id, status, group_move_disabled, created_at, updated_at)"
                        + " VALUES (:id, :ws, :program, :group, :name, :email, :username, :image, :country, :description,"
                        + " :tenant, :status, :moveDisabled, :now, :now) ON CONFLICT DO NOTHING")
                .bind("id", p.id()).bind("ws", p.workspaceId()).bind("program", p.programId())
                .bind("group", p.groupId()).bind("name", p.name()).bind("email", p.email())
                .bind("username", p.username()).bind("image", p.image()).bind("country", p.country())
                .bind("description", p.description()).bind("tenant", p.tenantId())
                .bind("status", p.status().apiName()).bind("moveDisabled", p.groupMoveDisabled())
                .bind("now", p.createdAt())
                .execute() == 1;
    }

    /** The partners owning these links, keyed by link id (links without a partner are absent). */
    Map<String, Partner> byLinkIds(Handle h, String ws, Collection<String> linkIds) {
        Map<String, Partner> out = new HashMap<>();
        if (linkIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT l.id AS link_id, " + COLUMNS + " FROM links l JOIN partners p ON p.id = l.partner_id"
                        + " WHERE l.workspace_id = :ws AND p.workspace_id = :ws AND l.id IN (<ids>)")
                .bind("ws", ws).bindList("ids", List.copyOf(linkIds))
                .map((rs, ctx) -> Map.entry(rs.getString("link_id"), read(rs)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Optional<Partner> byId(Handle h, String ws, String id) {
        return one(h, " WHERE p.workspace_id = :ws AND p.id = :v", ws, id);
    }

    Optional<Partner> byTenantId(Handle h, String ws, String tenantId) {
        return one(h, " WHERE p.workspace_id = :ws AND p.tenant_id = :v", ws, tenantId);
    }

    Optional<Partner> byEmail(Handle h, String ws, String email) {
        return one(h, " WHERE p.workspace_id = :ws AND p.email = :v", ws, email);
    }

    private Optional<Partner> one(Handle h, String where, String ws, String value) {
        return h.createQuery(SELECT + where).bind("ws", ws).bind("v", value).map((rs, ctx) -> read(rs)).findOne();
    }

    /** Writes the profile fields of {@code p} (not status, group or ban). */
    void updateProfile(Handle h, Partner p, long now) {
        h.createUpdate("UPDATE partners SET name = :name, email = :email, username = :username, image = :image,"
                        + " country = :country, description = :description, tenant_id = :tenant,"
                        + " group_move_disabled = :moveDisabled, updated_at = :now WHERE id = :id AND workspace_id = :ws")
                .bind("name", p.name()).bind("email", p.email()).bind("username", p.username())
                .bind("image", p.image()).bind("country", p.country()).bind("description", p.description())
                .bind("tenant", p.tenantId()).bind("moveDisabled", p.groupMoveDisabled()).bind("now", now)
                .bind("id", p.id()).bind("ws", p.workspaceId())
                .execute();
    }

    /** Moves the partner if it is still in {@code from}, recording the move; false when it was not there. */
    boolean moveGroup(Handle h, String ws, String partnerId, String from, String to, String moveId, long now) {
        int moved = h.createUpdate("UPDATE partners SET group_id = :to, updated_at = :now"
                        + " WHERE id = :id AND workspace_id = :ws AND group_id = :from")
                .bind("to", to).bind("now", now).bind("id", partnerId).bind("ws", ws).bind("from", from)
                .execute();
        if (moved == 0) {
            return false;
        }
        h.createUpdate("INSERT INTO partner_group_moves (id, workspace_id, partner_id, from_group_id, to_group_id,"
                        + " reason, rule_target, ts) VALUES (:id, :ws, :partner, :from, :to, 'manual', NULL, :now)")
                .bind("id", moveId).bind("ws", ws).bind("partner", partnerId).bind("from", from).bind("to", to)
                .bind("now", now)
                .execute();
        return true;
    }

    /** Changes the status if it is still {@code from}; bannedAt and banReason are written as given. */
    boolean changeStatus(Handle h, String ws, String partnerId, PartnerStatus from, PartnerStatus to, Long bannedAt,
            String banReason, long now) {
        return h.createUpdate("UPDATE partners SET status = :to, banned_at = :bannedAt, ban_reason = :reason,"
                        + " updated_at = :now WHERE id = :id AND workspace_id = :ws AND status = :from")
                .bind("to", to.apiName()).bind("bannedAt", bannedAt).bind("reason", banReason).bind("now", now)
                .bind("id", partnerId).bind("ws", ws).bind("from", from.apiName())
                .execute() == 1;
    }

    /** Takes the partner's row lock until the transaction ends (SQLite's writer is already alone). */
    void lock(Handle h, String partnerId) {
        h.createUpdate("UPDATE partners SET updated_at = updated_at WHERE id = :id").bind("id", partnerId).execute();
    }

    int cancelOpenCommissions(Handle h, String ws, String partnerId, long now) {
        return h.createUpdate("UPDATE commissions SET status = 'canceled', updated_at = :now"
                        + " WHERE workspace_id = :ws AND partner_id = :id AND status IN ('pending', 'hold')")
                .bind("now", now).bind("ws", ws).bind("id", partnerId)
                .execute();
    }

    /** Disables (or, with null, re-enables) the partner's links; returns each changed link's domain and key. */
    List<String[]> setLinksDisabled(Handle h, String ws, String partnerId, Long disabledAt, long now) {
        String changing = disabledAt == null ? "disabled_at IS NOT NULL" : "disabled_at IS NULL";
        List<String[]> keys = h.createQuery("SELECT domain, link_key FROM links WHERE workspace_id = :ws"
                        + " AND partner_id = :id AND " + changing)
                .bind("ws", ws).bind("id", partnerId)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        h.createUpdate("UPDATE links SET disabled_at = :at, updated_at = :now WHERE workspace_id = :ws"
                        + " AND partner_id = :id AND " + changing)
                .bind("at", disabledAt).bind("now", now).bind("ws", ws).bind("id", partnerId)
                .execute();
        return keys;
    }

    long countLinks(Handle h, String partnerId) {
        return h.createQuery("SELECT COUNT(*) FROM links WHERE partner_id = :id").bind("id", partnerId)
                .mapTo(Long.class).one();
    }

    List<String> linkIds(Handle h, String ws, String partnerId) {
        return h.createQuery("SELECT id FROM links WHERE workspace_id = :ws AND partner_id = :id ORDER BY created_at, id")
                .bind("ws", ws).bind("id", partnerId).mapTo(String.class).list();
    }

    /** The partner's link to this url; when several match, the one already carrying {@code key} (may be null), else the oldest. */
    Optional<String> linkIdByUrl(Handle h, String ws, String partnerId, String url, String key) {
        return h.createQuery("SELECT id FROM links WHERE workspace_id = :ws AND partner_id = :id AND url = :url"
                        + " ORDER BY CASE WHEN link_key = :key THEN 0 ELSE 1 END, created_at, id")
                .bind("ws", ws).bind("id", partnerId).bind("url", url).bind("key", key)
                .mapTo(String.class).findFirst();
    }

    /** Each partner's links, oldest first (every id is present in the answer). */
    Map<String, List<PartnerLink>> links(Handle h, Collection<String> partnerIds) {
        Map<String, List<PartnerLink>> out = new HashMap<>();
        partnerIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (partnerIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT partner_id, id, domain, link_key, url, clicks, leads, conversions, sales, sale_amount"
                        + " FROM links WHERE partner_id IN (<ids>) ORDER BY created_at, id")
                .bindList("ids", List.copyOf(partnerIds))
                .map((rs, ctx) -> {
                    out.get(rs.getString(1)).add(new PartnerLink(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
                    return null;
                })
                .list();
        return out;
    }

    /** The rewards and discount of each group. */
    Map<String, PartnerIncentives> incentives(Handle h, Collection<String> groupIds) {
        Map<String, String[]> ids = new HashMap<>();
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        groupIds.forEach(g -> ids.put(g, new String[4]));
        h.createQuery("SELECT group_id, event, id FROM rewards WHERE group_id IN (<groups>)")
                .bindList("groups", List.copyOf(groupIds))
                .map((rs, ctx) -> {
                    int slot = switch (rs.getString(2).toLowerCase(Locale.ROOT)) {
                        case "click" -> 0;
                        case "lead" -> 1;
                        case "sale" -> 2;
                        default -> -1;
                    };
                    if (slot >= 0) {
                        ids.get(rs.getString(1))[slot] = rs.getString(3);
                    }
                    return null;
                })
                .list();
        h.createQuery("SELECT group_id, id FROM discounts WHERE group_id IN (<groups>)")
                .bindList("groups", List.copyOf(groupIds))
                .map((rs, ctx) -> ids.get(rs.getString(1))[3] = rs.getString(2))
                .list();
        Map<String, PartnerIncentives> out = new HashMap<>();
        ids.forEach((g, a) -> out.put(g, new PartnerIncentives(a[0], a[1], a[2], a[3])));
        return out;
    }

    List<Partner> list(Handle h, Dialect dialect, String ws, PartnerQuery q) {
        StringBuilder sql = new StringBuilder(SELECT);
        PartnerQuery.Sort sort = q.sortBy();
        if (sort.needsLinkTotals) {
            sql.append(" LEFT JOIN (SELECT partner_id, SUM(clicks) AS clicks, SUM(leads) AS leads,"
                    + " SUM(conversions) AS conversions, SUM(sales) AS sales, SUM(sale_amount) AS sale_amount"
                    + " FROM links WHERE workspace_id = :ws AND partner_id IS NOT NULL GROUP BY partner_id) lt"
                    + " ON lt.partner_id = p.id");
        }
        if (sort.needsCommissionTotals) {
            sql.append(" LEFT JOIN (SELECT partner_id, SUM(earnings) AS earnings FROM commissions"
                    + " WHERE workspace_id = :ws AND status IN " + PartnerTotals.COUNTED_STATUSES
                    + " GROUP BY partner_id) ct ON ct.partner_id = p.id");
        }
        sql.append(" WHERE p.workspace_id = :ws");
        if (q.status() != null) {
            sql.append(" AND p.status = :status");
        }
        if (q.country() != null) {
            sql.append(" AND p.country = :country");
        }
        if (q.tenantId() != null) {
            sql.append(" AND p.tenant_id = :tenantId");
        }
        if (q.groupId() != null) {
            sql.append(" AND p.group_id = :groupId");
        }
        if (q.email() != null) {
            sql.append(" AND p.email = :email");
        }
        boolean search = q.search() != null && !q.search().isBlank();
        if (search) {
            String like = " " + dialect.caseInsensitiveLike() + " :search ESCAPE '!'";
            sql.append(" AND (p.id = :exact OR p.name").append(like).append(" OR p.email").append(like)
                    .append(" OR p.tenant_id").append(like).append(")");
        }
        String dir = q.ascending() ? " ASC" : " DESC";
        sql.append(" ORDER BY ").append(sort.sql).append(dir);
        if (sort != PartnerQuery.Sort.CREATED_AT) {
            sql.append(", p.created_at").append(dir);
        }
        sql.append(", p.id").append(dir).append(" LIMIT :limit OFFSET :offset");
        Query query = h.createQuery(sql.toString()).bind("ws", ws)
                .bind("status", q.status() == null ? null : q.status().apiName()).bind("country", q.country())
                .bind("tenantId", q.tenantId()).bind("groupId", q.groupId()).bind("email", q.email())
                .bind("limit", q.pageSize()).bind("offset", Paging.offset(q.page(), q.pageSize()));
        if (search) {
            String s = q.search().strip();
            query.bind("exact", s).bind("search", "%" + s.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return query.map((rs, ctx) -> read(rs)).list();
    }

    /** Commission earnings that count (see {@link PartnerTotals}) created in [start, end), summed per key. */
    Map<String, Long> earnings(Handle h, String ws, String partnerId, long start, long end, String keySql) {
        Map<String, Long> out = new LinkedHashMap<>();
        h.createQuery("SELECT " + keySql + " AS k, SUM(earnings) FROM commissions WHERE workspace_id = :ws"
                        + " AND partner_id = :id AND status IN " + PartnerTotals.COUNTED_STATUSES
                        + " AND created_at >= :start AND created_at < :end GROUP BY 1")
                .bind("ws", ws).bind("id", partnerId).bind("start", start).bind("end", end)
                .map((rs, ctx) -> out.put(String.valueOf(rs.getObject(1)), rs.getLong(2)))
                .list();
        return out;
    }

    static Partner read(ResultSet rs) throws SQLException {
        long bannedAt = rs.getLong("banned_at");
        Long banned = rs.wasNull() ? null : bannedAt;
        return new Partner(rs.getString("id"), rs.getString("workspace_id"), rs.getString("program_id"),
                rs.getString("group_id"), rs.getString("name"), rs.getString("email"), rs.getString("username"),
                rs.getString("image"), rs.getString("country"), rs.getString("description"), rs.getString("tenant_id"),
                PartnerStatus.parse("status", rs.getString("status")), rs.getBoolean("group_move_disabled"), banned,
                rs.getString("ban_reason"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
