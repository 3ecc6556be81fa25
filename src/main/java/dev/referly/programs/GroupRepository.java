package dev.referly.programs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for partner groups; every query is scoped by workspace. */
final class GroupRepository {
    static final String SELECT = "SELECT id, workspace_id, program_id, name, slug, color, holding_period_days,"
            + " link_domain, link_url, link_structure, max_partner_links, created_at, updated_at FROM partner_groups";

    private GroupRepository() {}

    /** Ids start with grp_; slugs cannot (they have no underscore), so one path segment names either. */
    static Optional<Group> byIdOrSlug(Handle h, String workspaceId, String idOrSlug) {
        String column = idOrSlug.startsWith("grp_") ? "id" : "slug";
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND " + column + " = :key")
                .bind("ws", workspaceId).bind("key", idOrSlug)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static Group read(ResultSet rs) throws SQLException {
        int maxLinks = rs.getInt(11);
        Integer maxPartnerLinks = rs.wasNull() ? null : maxLinks;
        return new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10), maxPartnerLinks,
                rs.getLong(12), rs.getLong(13));
    }
}
