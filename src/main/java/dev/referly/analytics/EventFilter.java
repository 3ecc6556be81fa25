package dev.referly.analytics;

import dev.referly.shared.ApiException;

/**
 * Which events GET /events returns: a time range, link filters (resolved through the link
 * table), visitor filters on the click itself, and a page.
 */
public record EventFilter(
        long start,
        long end,
        String linkId,
        String domain,
        String key,
        String externalId,
        String tenantId,
        String partnerId,
        String country,
        String city,
        String region,
        String continent,
        String device,
        String browser,
        String os,
        String referer,
        String refererUrl,
        String trigger,
        String utmSource,
        String utmMedium,
        String utmCampaign,
        String utmTerm,
        String utmContent,
        int page,
        int limit,
        boolean ascending) {

    public static final int MAX_LIMIT = 1000;

    public EventFilter {
        if (end < start) {
            throw ApiException.invalid("end", "must not be before start");
        }
        if (page < 1) {
            throw ApiException.invalid("page", "must be 1 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    boolean filtersLinks() {
        return domain != null || key != null || externalId != null || tenantId != null || partnerId != null;
    }
}
