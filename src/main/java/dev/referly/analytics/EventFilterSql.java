package dev.referly.analytics;

import org.jdbi.v3.core.statement.Query;

/**
 * The SQL an {@link EventFilter} adds to a query on events, and its bindings: link filters
 * (resolved through the link table) and visitor filters on the click. The event list and the
 * analytics read the same filters, so both build them here.
 */
final class EventFilterSql {
    private EventFilterSql() {}

    /**
     * The ids of the workspace's links matching the link-level filters; with {@code byId}, the
     * linkId filter too.
     */
    static StringBuilder matchingLinks(EventFilter f, boolean byId) {
        StringBuilder sql = new StringBuilder("SELECT id FROM links WHERE workspace_id = :ws");
        if (byId) {
            appendIf(sql, f.linkId(), " AND id = :linkId");
        }
        appendIf(sql, f.domain(), " AND domain = :domain");
        appendIf(sql, f.key(), " AND link_key = :key");
        appendIf(sql, f.externalId(), " AND external_id = :externalId");
        appendIf(sql, f.tenantId(), " AND tenant_id = :tenantId");
        appendIf(sql, f.partnerId(), " AND partner_id = :partnerId");
        return sql;
    }

    /** Restricts {@code alias}link_id to the filtered link, and to the links matching the link filters. */
    static void appendLinkFilters(StringBuilder sql, EventFilter f, String alias) {
        appendIf(sql, f.linkId(), " AND " + alias + "link_id = :linkId");
        if (f.filtersLinks()) {
            sql.append(" AND ").append(alias).append("link_id IN (").append(matchingLinks(f, false)).append(")");
        }
    }

    /** Filters on the click's own attributes; {@code alias} names the clicks table ("c." or ""). */
    static void appendVisitorFilters(StringBuilder sql, EventFilter f, String alias) {
        appendIf(sql, f.country(), " AND " + alias + "country = :country");
        appendIf(sql, f.city(), " AND " + alias + "city = :city");
        appendIf(sql, f.region(), " AND " + alias + "region = :region");
        appendIf(sql, f.continent(), " AND " + alias + "continent = :continent");
        appendIf(sql, f.device(), " AND " + alias + "device = :device");
        appendIf(sql, f.browser(), " AND " + alias + "browser = :browser");
        appendIf(sql, f.os(), " AND " + alias + "os = :os");
        appendIf(sql, f.referer(), " AND " + alias + "referer = :referer");
        appendIf(sql, f.refererUrl(), " AND " + alias + "referer_url = :refererUrl");
        appendIf(sql, f.trigger(), " AND " + alias + "trigger_type = :trigger");
        appendIf(sql, f.utmSource(), " AND " + alias + "utm_source = :utmSource");
        appendIf(sql, f.utmMedium(), " AND " + alias + "utm_medium = :utmMedium");
        appendIf(sql, f.utmCampaign(), " AND " + alias + "utm_campaign = :utmCampaign");
        appendIf(sql, f.utmTerm(), " AND " + alias + "utm_term = :utmTerm");
        appendIf(sql, f.utmContent(), " AND " + alias + "utm_content = :utmContent");
    }

    /** Binds the link filters' values. */
    static Query bindLinkFilters(Query q, EventFilter f) {
        return q.bind("linkId", f.linkId()).bind("domain", f.domain()).bind("key", f.key())
                .bind("externalId", f.externalId()).bind("tenantId", f.tenantId()).bind("partnerId", f.partnerId());
    }

    /** Binds every filter value, link and visitor. */
    static Query bindFilters(Query q, EventFilter f) {
        return bindLinkFilters(q, f)
                .bind("country", f.country()).bind("city", f.city()).bind("region", f.region())
                .bind("continent", f.continent()).bind("device", f.device()).bind("browser", f.browser())
                .bind("os", f.os()).bind("referer", f.referer()).bind("refererUrl", f.refererUrl())
                .bind("trigger", f.trigger()).bind("utmSource", f.utmSource()).bind("utmMedium", f.utmMedium())
                .bind("utmCampaign", f.utmCampaign()).bind("utmTerm", f.utmTerm()).bind("utmContent", f.utmContent());
    }

    private static void appendIf(StringBuilder sql, String value, String clause) {
        if (value != null) {
            sql.append(clause);
        }
    }
}
