package dev.referly.clicks;

/**
 * One counted click, as stored. Text attributes are never null ("Unknown" or "(direct)"
 * stand in) because Dub's event schema requires strings; the IP is null unless the
 * operator chose to store IPs.
 */
public record Click(
        String id,
        String workspaceId,
        String linkId,
        long timestamp,
        String url,
        String country,
        String city,
        String region,
        String continent,
        String device,
        String browser,
        String browserVersion,
        String os,
        String osVersion,
        String userAgent,
        String referer,
        String refererUrl,
        Utm utm,
        String trigger,
        String ip,
        String visitorHash,
        String query) {

    public record Utm(String source, String medium, String campaign, String term, String content) {
        public static final Utm NONE = new Utm(null, null, null, null, null);
    }

    public boolean qr() {
        return "qr".equals(trigger);
    }

    Click withId(String newId) {
        return new Click(newId, workspaceId, linkId, timestamp, url, country, city, region, continent, device,
                browser, browserVersion, os, osVersion, userAgent, referer, refererUrl, utm, trigger, ip,
                visitorHash, query);
    }
}
