package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.shared.ApiException;

/**
 * What GET /analytics can group by, each with the rollup dimension code it is stored under and
 * the SQL expression that computes its value from a click ({@code c.}) or, for links, from the
 * event's credited link ({@code e.link_id}). One definition serves the rollup builder and the
 * raw queries, so both paths group identically. A null or empty value is not a group.
 */
public enum Dimension {
    COUNT("count", "", "CAST('' AS TEXT)"),
    TIMESERIES("timeseries", "", "CAST('' AS TEXT)"),
    COUNTRIES("countries", "country", "c.country"),
    CITIES("cities", "city", "c.country || '|' || c.region || '|' || c.city"),
    REGIONS("regions", "region", "c.country || '|' || c.region"),
    CONTINENTS("continents", "continent", "c.continent"),
    DEVICES("devices", "device", "c.device"),
    BROWSERS("browsers", "browser", "c.browser"),
    OS("os", "os", "c.os"),
    TRIGGERS("triggers", "trigger", "c.trigger_type"),
    REFERERS("referers", "referer", "c.referer"),
    REFERER_URLS("referer_urls", "referer_url", "c.referer_url"),
    TOP_LINKS("top_links", "link", "e.link_id"),
    TOP_URLS("top_urls", "url", "c.url"),
    UTM_SOURCES("utm_sources", "utm_source", "c.utm_source"),
    UTM_MEDIUMS("utm_mediums", "utm_medium", "c.utm_medium"),
    UTM_CAMPAIGNS("utm_campaigns", "utm_campaign", "c.utm_campaign"),
    UTM_TERMS("utm_terms", "utm_term", "c.utm_term"),
    UTM_CONTENTS("utm_contents", "utm_content", "c.utm_content");

    private final String groupBy;
    private final String code;
    private final String sql;

    Dimension(String groupBy, String code, String sql) {
        this.groupBy = groupBy;
        this.code = code;
        this.sql = sql;
    }

    public static Dimension parse(String text) {
        if (text == null) {
            return COUNT;
        }
        if (text.equals("trigger")) {
            return TRIGGERS;
        }
        for (Dimension d : values()) {
            if (d.groupBy.equals(text)) {
                return d;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Dimension d : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(d.groupBy);
        }
        throw ApiException.invalid("groupBy", "must be one of " + names);
    }

    public String groupBy() {
        return groupBy;
    }

    /** The {@code dim} column of the rollup tables. */
    public String code() {
        return code;
    }

    /** The value's SQL expression over a click aliased {@code c} and an event aliased {@code e}. */
    public String sql() {
        return sql;
    }

    public boolean isTotal() {
        return this == COUNT || this == TIMESERIES;
    }

    /**
     * The value {@link #sql()} computes, from a click in memory (the rollup builder's fast path).
     * {@code CommittedClickBufferIT} checks the two agree on stored clicks.
     */
    String valueOf(Click c) {
        return switch (this) {
            case COUNT, TIMESERIES -> "";
            case COUNTRIES -> c.country();
            case CITIES -> joined(c.country(), c.region(), c.city());
            case REGIONS -> joined(c.country(), c.region());
            case CONTINENTS -> c.continent();
            case DEVICES -> c.device();
            case BROWSERS -> c.browser();
            case OS -> c.os();
            case TRIGGERS -> c.trigger();
            case REFERERS -> c.referer();
            case REFERER_URLS -> c.refererUrl();
            case TOP_LINKS -> c.linkId();
            case TOP_URLS -> c.url();
            case UTM_SOURCES -> c.utm().source();
            case UTM_MEDIUMS -> c.utm().medium();
            case UTM_CAMPAIGNS -> c.utm().campaign();
            case UTM_TERMS -> c.utm().term();
            case UTM_CONTENTS -> c.utm().content();
        };
    }

    /** SQL's {@code a || '|' || b}: null when any part is. */
    private static String joined(String... parts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                return null;
            }
            s.append(i == 0 ? "" : "|").append(parts[i]);
        }
        return s.toString();
    }

    /** Whether a lead's or sale's value comes from its click (the others: totals and its credited link). */
    boolean readsClick() {
        return !isTotal() && this != TOP_LINKS;
    }

    /** The dimensions the rollup builder maintains (the total once, then one per group-by). */
    static final Dimension[] ROLLED_UP = {COUNT, COUNTRIES, CITIES, REGIONS, CONTINENTS, DEVICES, BROWSERS, OS,
        TRIGGERS, REFERERS, REFERER_URLS, TOP_LINKS, TOP_URLS, UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS, UTM_TERMS,
        UTM_CONTENTS};
}
