package dev.referly.programs;

import dev.referly.shared.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A group's settings as POST and PATCH /groups send them, validated. On PATCH, absent fields
 * keep their current values and null clears a nullable one.
 */
record GroupInput(String name, String slug, String color, int holdingPeriodDays, String linkDomain, String linkUrl,
        String linkStructure, Integer maxPartnerLinks) {

    /**
     * Days a new group's commissions are held before they can be paid out (refund protection):
     * 30, as Dub suggests. The default group made with a workspace starts at 0 (the column default).
     */
    static final int DEFAULT_HOLDING_PERIOD_DAYS = 30;
    static final int MAX_HOLDING_PERIOD_DAYS = 365;
    static final int MAX_PARTNER_LINKS = 1_000;
    static final List<String> LINK_STRUCTURES = List.of("short", "query", "path");
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

    static GroupInput forCreate(Map<String, Object> body) {
        String name = Fields.text("name", body.get("name"), 190, false);
        String slug = body.get("slug") == null ? Fields.slugify(name) : Fields.slug("slug", body.get("slug"));
        return new GroupInput(name, slug, color(body.get("color")),
                holdingPeriod(body.getOrDefault("holdingPeriodDays", DEFAULT_HOLDING_PERIOD_DAYS)),
                Fields.domain("linkDomain", body.get("linkDomain")), Fields.url("linkUrl", body.get("linkUrl")),
                structure(body.getOrDefault("linkStructure", "short")), maxLinks(body.get("maxPartnerLinks")));
    }

    static GroupInput forUpdate(Group g, Map<String, Object> body) {
        return new GroupInput(
                Fields.text("name", Fields.or(body, "name", g.name()), 190, false),
                Fields.slug("slug", Fields.or(body, "slug", g.slug())),
                color(Fields.or(body, "color", g.color())),
                holdingPeriod(Fields.or(body, "holdingPeriodDays", g.holdingPeriodDays())),
                Fields.domain("linkDomain", Fields.or(body, "linkDomain", g.linkDomain())),
                Fields.url("linkUrl", Fields.or(body, "linkUrl", g.linkUrl())),
                structure(Fields.or(body, "linkStructure", g.linkStructure())),
                maxLinks(Fields.or(body, "maxPartnerLinks", g.maxPartnerLinks())));
    }

    /** Binds the fields by their names (:name, :slug, :color, :holdingPeriodDays, ...). */
    <T extends SqlStatement<T>> T bindTo(T statement) {
        return statement.bind("name", name).bind("slug", slug).bind("color", color)
                .bind("holdingPeriodDays", holdingPeriodDays).bind("linkDomain", linkDomain).bind("linkUrl", linkUrl)
                .bind("linkStructure", linkStructure).bind("maxPartnerLinks", maxPartnerLinks);
    }

    private static String color(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !COLOR.matcher(s).matches()) {
            throw ApiException.invalid("color", "must be a hex color such as #7C3AED, or null");
        }
        return s;
    }

    private static int holdingPeriod(Object value) {
        return Fields.integer("holdingPeriodDays", value, 0, MAX_HOLDING_PERIOD_DAYS, false).intValue();
    }

    private static String structure(Object value) {
        if (!(value instanceof String s) || !LINK_STRUCTURES.contains(s)) {
            throw ApiException.invalid("linkStructure", "must be one of " + LINK_STRUCTURES);
        }
        return s;
    }

    private static Integer maxLinks(Object value) {
        Long n = Fields.integer("maxPartnerLinks", value, 1, MAX_PARTNER_LINKS, true);
        return n == null ? null : n.intValue();
    }
}
