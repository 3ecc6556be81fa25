package dev.referly.clicks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reading stored clicks: by id for conversions, row mapping for the event list. */
public final class ClickRows {
    private ClickRows() {}

    public static Optional<Click> byId(Handle h, String clickId) {
        return h.createQuery("SELECT * FROM clicks WHERE id = :id").bind("id", clickId)
                .map((rs, ctx) -> read(rs, "")).findOne();
    }

    /** Maps the click columns of {@code rs}, each named with {@code prefix} (for joins). */
    public static Click read(ResultSet rs, String prefix) throws SQLException {
        return new Click(rs.getString(prefix + "id"), rs.getString(prefix + "workspace_id"),
                rs.getString(prefix + "link_id"), rs.getLong(prefix + "ts"), rs.getString(prefix + "url"),
                rs.getString(prefix + "country"), rs.getString(prefix + "city"), rs.getString(prefix + "region"),
                rs.getString(prefix + "continent"), rs.getString(prefix + "device"), rs.getString(prefix + "browser"),
                rs.getString(prefix + "browser_version"), rs.getString(prefix + "os"),
                rs.getString(prefix + "os_version"), rs.getString(prefix + "ua"), rs.getString(prefix + "referer"),
                rs.getString(prefix + "referer_url"),
                new Click.Utm(rs.getString(prefix + "utm_source"), rs.getString(prefix + "utm_medium"),
                        rs.getString(prefix + "utm_campaign"), rs.getString(prefix + "utm_term"),
                        rs.getString(prefix + "utm_content")),
                rs.getString(prefix + "trigger_type"), rs.getString(prefix + "ip"), rs.getString(prefix + "visitor_hash"),
                rs.getString(prefix + "query"));
    }
}
