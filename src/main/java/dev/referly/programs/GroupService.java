package dev.referly.programs;

import dev.referly.links.DomainOwners;
import dev.referly.rewards.RewardEvent;
import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import dev.referly.shared.Paging;
import dev.referly.storage.ConstraintViolation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The program's partner groups: list, create, read, update and delete. */
public final class GroupService {
    public static final int MAX_PAGE_SIZE = 100;
    /** partner_group_moves.reason of partners moved out of a deleted group. */
    public static final String MOVED_GROUP_DELETED = "group_deleted";

    private final Jdbi jdbi;
    private final Clock clock;

    public GroupService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** What DELETE did: the group's last state, and how many partners went to the default group. */
    public record Deleted(GroupView group, String movedTo, int partnersMoved) {}

    /** A group of this workspace by id or slug; another workspace's group is not found. */
    public static Group find(Handle h, String workspaceId, String idOrSlug) {
        return GroupRepository.byIdOrSlug(h, workspaceId, idOrSlug)
                .orElseThrow(() -> ApiException.notFound("Group not found."));
    }

    /** The default group first, then the others in the order they were created. */
    public List<GroupView> list(String workspaceId, int page, int pageSize) {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        return jdbi.withHandle(h -> views(h, workspaceId, h.createQuery(GroupRepository.SELECT
                        + " WHERE workspace_id = :ws ORDER BY CASE WHEN id = (SELECT default_group_id FROM programs"
                        + " WHERE workspace_id = :ws) THEN 0 ELSE 1 END, created_at, id LIMIT :limit OFFSET :offset")
                .bind("ws", workspaceId).bind("limit", pageSize).bind("offset", Paging.offset(page, pageSize))
                .map((rs, ctx) -> GroupRepository.read(rs)).list()));
    }

    public GroupView get(String workspaceId, String idOrSlug) {
        return jdbi.withHandle(h -> view(h, workspaceId, find(h, workspaceId, idOrSlug)));
    }

    public GroupView create(String workspaceId, AuditActor actor, Map<String, Object> body) {
        GroupInput in = GroupInput.forCreate(body);
        return jdbi.inTransaction(h -> {
            requireUsableDomain(h, workspaceId, in);
            Program program = ProgramService.of(h, workspaceId);
            long now = clock.millis();
            String id = Ids.newId("grp_", now);
            uniqueSlug(in.slug(), () -> in.bindTo(h.createUpdate("INSERT INTO partner_groups (id, workspace_id, program_id, name,"
                            + " slug, color, holding_period_days, link_domain, link_url, link_structure,"
                            + " max_partner_links, created_at, updated_at) VALUES (:id, :ws, :program, :name, :slug,"
                            + " :color, :holdingPeriodDays, :linkDomain, :linkUrl, :linkStructure, :maxPartnerLinks,"
                            + " :now, :now)")).bind("id", id).bind("ws", workspaceId).bind("program", program.id()).bind("now", now)
                    .execute());
            Group g = find(h, workspaceId, id);
            AuditLog.append(h, now, workspaceId, actor, "group.created", "group", id, null, g.auditState());
            return view(h, workspaceId, g);
        });
    }

    public GroupView update(String workspaceId, AuditActor actor, String idOrSlug, Map<String, Object> body) {
        return jdbi.inTransaction(h -> {
            Group before = find(h, workspaceId, idOrSlug);
            GroupInput in = GroupInput.forUpdate(before, body);
            requireUsableDomain(h, workspaceId, in);
            long now = clock.millis();
            uniqueSlug(in.slug(), () -> in.bindTo(h.createUpdate("UPDATE partner_groups SET name = :name, slug = :slug,"
                            + " color = :color, holding_period_days = :holdingPeriodDays, link_domain = :linkDomain,"
                            + " link_url = :linkUrl, link_structure = :linkStructure,"
                            + " max_partner_links = :maxPartnerLinks, updated_at = :now WHERE id = :id")).bind("now", now).bind("id", before.id())
                    .execute());
            Group after = find(h, workspaceId, before.id());
            AuditLog.append(h, now, workspaceId, actor, "group.updated", "group", before.id(), before.auditState(),
                    after.auditState());
            return view(h, workspaceId, after);
        });
    }

    /** The group's partners' links will go on its linkDomain: it must not be another workspace's. */
    private static void requireUsableDomain(Handle h, String workspaceId, GroupInput in) {
        if (in.linkDomain() != null) {
            DomainOwners.requireUsable(h, workspaceId, in.linkDomain());
        }
    }

    /**
     * Deletes a group with its rewards, discount and move rules; its partners move to the
     * program's default group, each move recorded. The default group itself cannot go.
     */
    public Deleted delete(String workspaceId, AuditActor actor, String idOrSlug) {
        return jdbi.inTransaction(h -> {
            ProgramService.lock(h, workspaceId);
            Group g = find(h, workspaceId, idOrSlug);
            Program program = ProgramService.of(h, workspaceId);
            if (g.id().equals(program.defaultGroupId())) {
                throw ApiException.badRequest("The program's default group cannot be deleted: partners without"
                        + " another group belong to it. Make another group the default first (PATCH /program"
                        + " defaultGroupId).");
            }
            GroupView before = view(h, workspaceId, g);
            long now = clock.millis();
            List<String> partners = h.createQuery("SELECT id FROM partners WHERE workspace_id = :ws AND group_id = :g")
                    .bind("ws", workspaceId).bind("g", g.id()).mapTo(String.class).list();
            for (String partner : partners) {
                h.createUpdate("UPDATE partners SET group_id = :to, updated_at = :now WHERE id = :id AND group_id = :g")
                        .bind("to", program.defaultGroupId()).bind("now", now).bind("id", partner).bind("g", g.id())
                        .execute();
                h.createUpdate("INSERT INTO partner_group_moves (id, workspace_id, partner_id, from_group_id,"
                                + " to_group_id, reason, rule_target, ts) VALUES (:id, :ws, :partner, :from, :to,"
                                + " :reason, NULL, :now)")
                        .bind("id", Ids.newId("pgm_", now)).bind("ws", workspaceId).bind("partner", partner)
                        .bind("from", g.id()).bind("to", program.defaultGroupId()).bind("reason", MOVED_GROUP_DELETED)
                        .bind("now", now)
                        .execute();
                GroupMove.announce(h, workspaceId, new GroupMove(partner, g.id(), program.defaultGroupId(),
                        MOVED_GROUP_DELETED), now);
            }
            for (String table : List.of("rewards", "discounts", "group_move_rules")) {
                h.createUpdate("DELETE FROM " + table + " WHERE group_id = :g").bind("g", g.id()).execute();
            }
            h.createUpdate("DELETE FROM partner_groups WHERE id = :g").bind("g", g.id()).execute();
            AuditLog.append(h, now, workspaceId, actor, "group.deleted", "group", g.id(), before.toApi(), null);
            return new Deleted(before, program.defaultGroupId(), partners.size());
        });
    }

    private static void uniqueSlug(String slug, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            throw ConstraintViolation.unique(e)
                    .map(c -> ApiException.conflict("A group with slug " + slug + " already exists."))
                    .orElseThrow(() -> e);
        }
    }

    static GroupView view(Handle h, String workspaceId, Group g) {
        return views(h, workspaceId, List.of(g)).get(0);
    }

    /** Views of several groups in a handful of queries, whatever their number. */
    static List<GroupView> views(Handle h, String workspaceId, List<Group> groups) {
        List<String> ids = groups.stream().map(Group::id).toList();
        Map<String, Map<RewardEvent, StoredReward>> rewards = RewardService.forGroups(h, ids);
        Map<String, Discount> discounts = DiscountService.forGroups(h, ids);
        Map<String, List<MoveRule>> rules = MoveRuleService.forGroups(h, ids);
        Map<String, Long> counts = new HashMap<>();
        if (!ids.isEmpty()) {
            h.createQuery("SELECT group_id, COUNT(*) FROM partners WHERE workspace_id = :ws AND group_id IN (<ids>)"
                            + " GROUP BY group_id")
                    .bind("ws", workspaceId).bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
        }
        List<GroupView> views = new ArrayList<>();
        for (Group g : groups) {
            views.add(new GroupView(g, rewards.getOrDefault(g.id(), Map.of()), discounts.get(g.id()),
                    rules.getOrDefault(g.id(), List.of()), counts.getOrDefault(g.id(), 0L)));
        }
        return views;
    }
}
