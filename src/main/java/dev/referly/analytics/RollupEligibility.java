package dev.referly.analytics;

import java.time.ZoneId;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Which path answers an analytics query: the rollups when its filters and group-by can be read
 * from them (see {@link AnalyticsService}), the raw rows otherwise.
 */
final class RollupEligibility {
    /** The most filtered links the rollup path takes (they go into an IN list); more go the raw way. */
    static final int MAX_LINKS = 2_000;

    private RollupEligibility() {}

    static boolean holds(Dimension dim, EventFilter f, List<String> linkSet, ZoneId zone, long start) {
        if (dim == Dimension.TIMESERIES && !Buckets.wholeHourOffsets(zone, start, f.end())) {
            return false;
        }
        if (linkSet != null) {
            return linkSet.size() <= MAX_LINKS && !hasVisitorFilter(f) && (dim.isTotal() || dim == Dimension.TOP_LINKS);
        }
        for (String[] filter : visitorFilters(f)) {
            if (filter[1] != null && !allowedWith(dim, filter[0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedWith(Dimension dim, String filterDim) {
        return switch (dim) {
            case CITIES -> filterDim.equals("city") || filterDim.equals("country") || filterDim.equals("region");
            case REGIONS -> filterDim.equals("country") || filterDim.equals("region");
            default -> !dim.isTotal() && dim.code().equals(filterDim);
        };
    }

    private static boolean hasVisitorFilter(EventFilter f) {
        for (String[] filter : visitorFilters(f)) {
            if (filter[1] != null) {
                return true;
            }
        }
        return false;
    }

    /** (rollup dim code, filter value) of each visitor filter. */
    static String[][] visitorFilters(EventFilter f) {
        return new String[][] {{"country", f.country()}, {"city", f.city()}, {"region", f.region()},
            {"continent", f.continent()}, {"device", f.device()}, {"browser", f.browser()}, {"os", f.os()},
            {"referer", f.referer()}, {"referer_url", f.refererUrl()}, {"trigger", f.trigger()},
            {"utm_source", f.utmSource()}, {"utm_medium", f.utmMedium()}, {"utm_campaign", f.utmCampaign()},
            {"utm_term", f.utmTerm()}, {"utm_content", f.utmContent()}};
    }

    /** The workspace's links matching the link-level filters, or null when there are none. */
    static List<String> matchingLinkIds(Handle h, String ws, EventFilter f) {
        if (f.linkId() == null && !f.filtersLinks()) {
            return null;
        }
        String sql = EventFilterSql.matchingLinks(f, true).append(" ORDER BY id").toString();
        return EventFilterSql.bindLinkFilters(h.createQuery(sql), f).bind("ws", ws).mapTo(String.class).list();
    }
}
