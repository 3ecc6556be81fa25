package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.links.Link;
import dev.referly.links.LinkService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The event stream read side: raw events, newest first, filtered and paged. */
public final class EventService {
    private final Jdbi jdbi;
    private final LinkService links;

    public EventService(Jdbi jdbi, LinkService links) {
        this.jdbi = jdbi;
        this.links = links;
    }

    public List<ClickEvent> clicks(String workspaceId, EventFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM clicks WHERE workspace_id = :ws AND ts >= :start AND ts < :end");
        if (f.linkId() != null) {
            sql.append(" AND link_id = :linkId");
        }
        if (f.filtersLinks()) {
            sql.append(" AND link_id IN (SELECT id FROM links WHERE workspace_id = :ws");
            appendIf(sql, f.domain(), " AND domain = :domain");
            appendIf(sql, f.key(), " AND link_key = :key");
            appendIf(sql, f.externalId(), " AND external_id = :externalId");
            appendIf(sql, f.tenantId(), " AND tenant_id = :tenantId");
            appendIf(sql, f.partnerId(), " AND partner_id = :partnerId");
            sql.append(")");
        }
        appendIf(sql, f.country(), " AND country = :country");
        appendIf(sql, f.city(), " AND city = :city");
        appendIf(sql, f.region(), " AND region = :region");
        appendIf(sql, f.continent(), " AND continent = :continent");
        appendIf(sql, f.device(), " AND device = :device");
        appendIf(sql, f.browser(), " AND browser = :browser");
        appendIf(sql, f.os(), " AND os = :os");
        appendIf(sql, f.referer(), " AND referer = :referer");
        appendIf(sql, f.refererUrl(), " AND referer_url = :refererUrl");
        appendIf(sql, f.trigger(), " AND trigger_type = :trigger");
        appendIf(sql, f.utmSource(), " AND utm_source = :utmSource");
        appendIf(sql, f.utmMedium(), " AND utm_medium = :utmMedium");
        appendIf(sql, f.utmCampaign(), " AND utm_campaign = :utmCampaign");
        appendIf(sql, f.utmTerm(), " AND utm_term = :utmTerm");
        appendIf(sql, f.utmContent(), " AND utm_content = :utmContent");
        String order = f.ascending() ? "ASC" : "DESC";
        sql.append(" ORDER BY ts ").append(order).append(", seq ").append(order).append(" LIMIT :limit OFFSET :offset");
        List<Click> clicks = jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString())
                    .bind("ws", workspaceId).bind("start", f.start()).bind("end", f.end())
                    .bind("linkId", f.linkId()).bind("domain", f.domain()).bind("key", f.key())
                    .bind("externalId", f.externalId()).bind("tenantId", f.tenantId()).bind("partnerId", f.partnerId())
                    .bind("country", f.country()).bind("city", f.city()).bind("region", f.region())
                    .bind("continent", f.continent()).bind("device", f.device()).bind("browser", f.browser())
                    .bind("os", f.os()).bind("referer", f.referer()).bind("refererUrl", f.refererUrl())
                    .bind("trigger", f.trigger()).bind("utmSource", f.utmSource()).bind("utmMedium", f.utmMedium())
                    .bind("utmCampaign", f.utmCampaign()).bind("utmTerm", f.utmTerm()).bind("utmContent", f.utmContent())
                    .bind("limit", f.limit()).bind("offset", (long) (f.page() - 1) * f.limit());
            return q.map((rs, ctx) -> readClick(rs)).list();
        });
        Set<String> linkIds = new LinkedHashSet<>();
        clicks.forEach(c -> linkIds.add(c.linkId()));
        Map<String, Link> byId = links.byIds(workspaceId, linkIds);
        List<ClickEvent> events = new ArrayList<>(clicks.size());
        for (Click c : clicks) {
            Link link = byId.get(c.linkId());
            if (link != null) { // clicks of deleted links stay counted in totals but leave the event list
                events.add(new ClickEvent(c, link));
            }
        }
        return events;
    }

    private static void appendIf(StringBuilder sql, String value, String clause) {
        if (value != null) {
            sql.append(clause);
        }
    }

    static Click readClick(ResultSet rs) throws SQLException {
        return new Click(rs.getString("id"), rs.getString("workspace_id"), rs.getString("link_id"), rs.getLong("ts"),
                rs.getString("url"), rs.getString("country"), rs.getString("city"), rs.getString("region"),
                rs.getString("continent"), rs.getString("device"), rs.getString("browser"),
                rs.getString("browser_version"), rs.getString("os"), rs.getString("os_version"), rs.getString("ua"),
                rs.getString("referer"), rs.getString("referer_url"),
                new Click.Utm(rs.getString("utm_source"), rs.getString("utm_medium"), rs.getString("utm_campaign"),
                        rs.getString("utm_term"), rs.getString("utm_content")),
                rs.getString("trigger_type"), rs.getString("ip"), rs.getString("visitor_hash"), rs.getString("query"));
    }
}
