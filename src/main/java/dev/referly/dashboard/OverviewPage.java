package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.analytics.AnalyticsService;
import dev.referly.analytics.Dimension;
import dev.referly.analytics.EventFilter;
import dev.referly.analytics.Interval;
import dev.referly.programs.PartnerTotals;
import dev.referly.workspaces.WorkspaceService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The overview: the clicks → leads → sales funnel, revenue and commissions for an interval, and a
 * time series. The funnel is the same query GET /analytics?event=composite answers (UTC), so
 * the numbers match the API's.
 */
final class OverviewPage implements Dashboard.Page {
    static final List<String[]> INTERVALS = List.of(new String[] {"24h", "Last 24 hours"},
            new String[] {"7d", "Last 7 days"}, new String[] {"30d", "Last 30 days"},
            new String[] {"90d", "Last 90 days"}, new String[] {"1y", "Last 12 months"},
            new String[] {"mtd", "Month to date"}, new String[] {"qtd", "Quarter to date"},
            new String[] {"ytd", "Year to date"}, new String[] {"all", "All time"});

    private final AnalyticsService analytics;
    private final WorkspaceService workspaces;
    private final Jdbi jdbi;
    private final Clock clock;

    OverviewPage(AnalyticsService analytics, WorkspaceService workspaces, Jdbi jdbi, Clock clock) {
        this.analytics = analytics;
        this.workspaces = workspaces;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard", this::show);
    }

    private void show(Web web) {
        String interval = web.query("interval") == null ? "30d" : web.query("interval");
        Interval parsed = Interval.parse(interval);
        long now = clock.millis();
        long start = parsed.start(clock.instant(), ZoneOffset.UTC);
        EventFilter filter = new EventFilter(start, now + 1, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, 1, 100, false);
        boolean hourly = interval.equals("24h");
        boolean allTime = interval.equals("all");
        AnalyticsService.Row total = analytics.analytics(web.ws(), AnalyticsService.Event.COMPOSITE, Dimension.COUNT,
                filter, ZoneOffset.UTC, hourly, allTime, null).rows().get(0);
        List<AnalyticsService.Row> series = analytics.analytics(web.ws(), AnalyticsService.Event.COMPOSITE,
                Dimension.TIMESERIES, filter, ZoneOffset.UTC, hourly, allTime, null).rows();
        String currency = workspaces.get(web.ws()).currency();
        long commissions = commissions(web.ws(), start, now + 1);

        String body = "<form method=\"get\" action=\"/dashboard\" class=\"toolbar\">"
                + "<label for=\"interval\">Period</label><select id=\"interval\" name=\"interval\" data-autosubmit>"
                + Html.options(INTERVALS, interval) + "</select><button type=\"submit\">Show</button></form>"
                + "<section aria-labelledby=\"funnel-h\"><h2 id=\"funnel-h\">Funnel</h2><ol class=\"funnel\">"
                + step("clicks", "Clicks", total.clicks(), null)
                + step("leads", "Leads", total.leads(), Format.rate(total.leads(), total.clicks()) + " of clicks")
                + step("sales", "Sales", total.sales(), Format.rate(total.sales(), total.leads()) + " of leads")
                + "</ol><dl class=\"stats\">"
                + "<div><dt>Revenue</dt><dd id=\"revenue\" data-value=\"" + total.saleAmount() + "\">"
                + esc(Format.money(total.saleAmount(), currency)) + "</dd></div>"
                + "<div><dt>Commissions</dt><dd id=\"commissions\" data-value=\"" + commissions + "\">"
                + esc(Format.money(commissions, currency)) + "</dd></div>"
                + "<div><dt>Clicks to sales</dt><dd>" + esc(Format.rate(total.sales(), total.clicks())) + "</dd></div>"
                + "</dl></section>"
                + "<section aria-labelledby=\"chart-h\"><h2 id=\"chart-h\">Over time</h2>" + chart(series, hourly)
                + "</section>";
        web.html(200, Layout.page(web, "/dashboard", "Overview", body));
    }

    private static String step(String id, String label, long value, String rate) {
        return "<li><span class=\"label\">" + label + "</span><span class=\"big\" id=\"funnel-" + id
                + "\" data-value=\"" + value + "\">" + Format.count(value) + "</span>"
                + (rate == null ? "" : "<span class=\"rate\">" + esc(rate) + "</span>") + "</li>";
    }

    /** Commissions that count (pending, processed, paid) created in the period, in the program currency. */
    private long commissions(String ws, long start, long end) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(earnings), 0) FROM commissions"
                        + " WHERE workspace_id = :ws AND created_at >= :start AND created_at < :end AND status IN "
                        + PartnerTotals.COUNTED_STATUSES)
                .bind("ws", ws).bind("start", start).bind("end", end).mapTo(Long.class).one());
    }

    /** An SVG line chart of clicks, leads and sales per bucket, with the same numbers as a table. */
    static String chart(List<AnalyticsService.Row> rows, boolean hourly) {
        int w = 720;
        int h = 220;
        int pad = 28;
        long max = 1;
        for (AnalyticsService.Row r : rows) {
            max = Math.max(max, r.clicks());
            max = Math.max(max, r.leads());
            max = Math.max(max, r.sales());
        }
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + w + " " + h
                + "\" role=\"img\" aria-label=\"Clicks, leads and sales over time\">");
        svg.append("<line class=\"axis\" x1=\"").append(pad).append("\" y1=\"").append(h - pad).append("\" x2=\"")
                .append(w - 4).append("\" y2=\"").append(h - pad).append("\"/>");
        svg.append("<text class=\"tick\" x=\"2\" y=\"").append(pad).append("\">").append(max).append("</text>");
        svg.append("<text class=\"tick\" x=\"2\" y=\"").append(h - pad).append("\">0</text>");
        String[] series = {"clicks", "leads", "sales"};
        for (String s : series) {
            List<String> points = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                AnalyticsService.Row r = rows.get(i);
                long v = s.equals("clicks") ? r.clicks() : s.equals("leads") ? r.leads() : r.sales();
                long x = pad + (rows.size() == 1 ? 0 : (long) i * (w - pad - 8) / (rows.size() - 1));
                long y = (h - pad) - v * (h - 2 * pad) / max;
                points.add(x + "," + y);
            }
            svg.append("<polyline class=\"series-").append(s).append("\" points=\"")
                    .append(String.join(" ", points)).append("\"/>");
        }
        svg.append("</svg>");
        StringBuilder table = new StringBuilder("<details><summary>Show the numbers</summary><div class=\"scroll\">"
                + "<table><thead><tr><th scope=\"col\">" + (hourly ? "Hour" : "Day")
                + "</th><th scope=\"col\">Clicks</th><th scope=\"col\">Leads</th><th scope=\"col\">Sales</th></tr></thead><tbody>");
        for (AnalyticsService.Row r : rows) {
            table.append("<tr><td>").append(esc(Format.when(Long.parseLong(r.key())))).append("</td><td>")
                    .append(r.clicks()).append("</td><td>").append(r.leads()).append("</td><td>").append(r.sales())
                    .append("</td></tr>");
        }
        table.append("</tbody></table></div></details>");
        return "<ul class=\"legend\"><li class=\"series-clicks\">Clicks</li><li class=\"series-leads\">Leads</li>"
                + "<li class=\"series-sales\">Sales</li></ul>" + svg + table;
    }
}
