package dev.referly.programs;

import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** GET/PATCH /program: the settings of the workspace's one partner program. */
public final class ProgramService {
    static final String SELECT = "SELECT id, workspace_id, name, slug, url, currency, min_payout_amount,"
            + " default_group_id, terms_url, help_url, created_at, updated_at FROM programs";
    /** A billion dollars in cents: an upper bound that only stops typos. */
    static final long MAX_MIN_PAYOUT = 100_000_000_000L;

    private final Jdbi jdbi;
    private final Clock clock;

    public ProgramService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Program get(String workspaceId) {
        return jdbi.withHandle(h -> of(h, workspaceId));
    }

    /** The workspace's program; every workspace has one from its creation (or from migration V5). */
    static Program of(Handle h, String workspaceId) {
        return h.createQuery(SELECT + " WHERE workspace_id = :ws").bind("ws", workspaceId)
                .map((rs, ctx) -> read(rs)).findOne()
                .orElseThrow(() -> ApiException.notFound("This workspace has no program."));
    }

    /**
     * Takes the program row's lock (PostgreSQL) for the rest of the transaction, so changes that
     * must see every group's current state (move-rule overlap checks, group deletion) run one at a
     * time per workspace, across processes. SQLite has one writer anyway.
     */
    static void lock(Handle h, String workspaceId) {
        h.createUpdate("UPDATE programs SET updated_at = updated_at WHERE workspace_id = :ws")
                .bind("ws", workspaceId).execute();
    }

    public Program update(String workspaceId, AuditActor actor, Map<String, Object> body) {
        return jdbi.inTransaction(h -> {
            lock(h, workspaceId);
            Program p = of(h, workspaceId);
            String name = Fields.text("name", Fields.or(body, "name", p.name()), 190, false);
            String slug = Fields.slug("slug", Fields.or(body, "slug", p.slug()));
            String url = Fields.url("url", Fields.or(body, "url", p.url()));
            String currency = p.currency();
            if (body.containsKey("currency")) {
                if (!(body.get("currency") instanceof String c) || !Money.isCurrency(c)) {
                    throw ApiException.invalid("currency", "must be an ISO 4217 currency code such as usd or eur");
                }
                currency = c.toLowerCase(Locale.ROOT);
            }
            long minPayout = Fields.integer("minPayoutAmount", Fields.or(body, "minPayoutAmount", p.minPayoutAmount()),
                    0, MAX_MIN_PAYOUT, false);
            String defaultGroup = p.defaultGroupId();
            if (body.containsKey("defaultGroupId")) {
                if (!(body.get("defaultGroupId") instanceof String g) || GroupRepository.byIdOrSlug(h, workspaceId, g)
                        .filter(group -> group.id().equals(g)).isEmpty()) {
                    throw ApiException.invalid("defaultGroupId", "must be the id of one of this program's groups");
                }
                defaultGroup = g;
            }
            String terms = Fields.url("termsUrl", Fields.or(body, "termsUrl", p.termsUrl()));
            String help = Fields.url("helpUrl", Fields.or(body, "helpUrl", p.helpUrl()));
            long now = clock.millis();
            h.createUpdate("UPDATE programs SET name = :name, slug = :slug, url = :url, currency = :currency,"
                            + " min_payout_amount = :minPayout, default_group_id = :defaultGroup, terms_url = :terms,"
                            + " help_url = :help, updated_at = :now WHERE id = :id")
                    .bind("name", name).bind("slug", slug).bind("url", url).bind("currency", currency)
                    .bind("minPayout", minPayout).bind("defaultGroup", defaultGroup).bind("terms", terms)
                    .bind("help", help).bind("now", now).bind("id", p.id())
                    .execute();
            Program updated = of(h, workspaceId);
            AuditLog.append(h, now, workspaceId, actor, "program.updated", "program", p.id(), p.auditState(),
                    updated.auditState());
            return updated;
        });
    }

    static Program read(ResultSet rs) throws SQLException {
        return new Program(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11),
                rs.getLong(12));
    }
}
