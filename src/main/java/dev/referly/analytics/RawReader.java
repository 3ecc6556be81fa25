package dev.referly.analytics;

import static dev.referly.analytics.AnalyticsService.SLOT;

import dev.referly.analytics.AnalyticsService.Event;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The raw path: any filter and group-by, answered by a scan of the workspace's clicks, leads and sales. */
final class RawReader {
    private RawReader() {}

    static void read(Handle h, String ws, Event event, Dimension dim, EventFilter f, long start, Sums sums) {
        String value = dim.sql();
        String slot = dim == Dimension.TIMESERIES ? "(%s.ts / " + SLOT + ") * " + SLOT : "0";
        if (event == Event.CLICKS || event == Event.COMPOSITE) {
            StringBuilder sql = new StringBuilder("SELECT " + value.replace("e.link_id", "c.link_id") + " AS v, "
                    + slot.formatted("c") + " AS p, COUNT(*), 0, 0, 0 FROM clicks c WHERE c.workspace_id = :ws"
                    + " AND c.ts >= :start AND c.ts < :end");
            EventFilterSql.appendLinkFilters(sql, f, "c.");
            EventFilterSql.appendVisitorFilters(sql, f, "c.");
            sql.append(" GROUP BY 1, 2");
            sums.addRows(bind(h.createQuery(sql.toString()), ws, f, start));
        }
        for (String source : List.of("leads", "sales")) {
            boolean leads = source.equals("leads");
            if (!(event == Event.COMPOSITE || (leads ? event == Event.LEADS : event == Event.SALES))) {
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT " + value + " AS v, " + slot.formatted("e") + " AS p, "
                    + (leads ? "0, COUNT(*), 0, 0" : "0, 0, COUNT(*), SUM(e.amount)") + " FROM " + source
                    + " e LEFT JOIN clicks c ON c.id = e.click_id WHERE e.workspace_id = :ws AND e.ts >= :start"
                    + " AND e.ts < :end AND e.link_id IS NOT NULL");
            EventFilterSql.appendLinkFilters(sql, f, "e.");
            EventFilterSql.appendVisitorFilters(sql, f, "c.");
            sql.append(" GROUP BY 1, 2");
            sums.addRows(bind(h.createQuery(sql.toString()), ws, f, start));
        }
    }

    private static Query bind(Query q, String ws, EventFilter f, long start) {
        return EventFilterSql.bindFilters(q, f).bind("ws", ws).bind("start", start).bind("end", f.end());
    }
}
