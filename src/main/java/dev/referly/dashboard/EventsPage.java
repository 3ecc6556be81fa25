package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Real-time events: the page lists the newest clicks, leads and sales, then a server-sent event
 * stream adds new ones as they are committed, without a reload.
 */
final class EventsPage implements Dashboard.Page {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a stream looks for new rows. */
    static final long POLL_MILLIS = 1_000;
    /** A stream ends after this long; EventSource reconnects by itself, resuming from the page's newest events. */
    private static final long STREAM_MILLIS = 5 * 60_000;

    private final Jdbi jdbi;

    EventsPage(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/events", this::show);
        routes.get("/dashboard/events/stream", this::stream);
    }

    private void show(Web web) {
        List<EventTail.Event> latest = new EventTail(jdbi, web.ws()).latest(50);
        StringBuilder rows = new StringBuilder();
        for (EventTail.Event e : latest) {
            rows.append(row(e));
        }
        String body = "<p>New clicks, leads and sales appear here as they happen. <span id=\"stream-status\""
                + " role=\"status\" aria-live=\"polite\">Connecting…</span></p>"
                + "<div class=\"scroll\"><table id=\"events\" data-stream=\"/dashboard/events/stream\"><thead><tr>"
                + "<th scope=\"col\">Event</th><th scope=\"col\">When</th><th scope=\"col\">Details</th>"
                + "<th scope=\"col\">Link</th><th scope=\"col\">Id</th></tr></thead><tbody aria-live=\"polite\">" + rows
                + "</tbody></table></div>";
        web.html(200, Layout.page(web, "/dashboard/events", "Events", body));
    }

    private static String row(EventTail.Event e) {
        return "<tr class=\"ev-" + e.kind() + "\"><td><span class=\"badge " + e.kind() + "\">" + e.kind()
                + "</span></td><td>" + esc(Format.when(e.ts())) + "</td><td>" + esc(e.detail()) + "</td><td>"
                + esc(e.linkId()) + "</td><td><code>" + esc(e.id()) + "</code></td></tr>";
    }

    private void stream(Web web) throws IOException, InterruptedException {
        EventTail tail = new EventTail(jdbi, web.ws());
        tail.latest(1);
        web.res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        web.res.header(HeaderNames.CACHE_CONTROL, "no-store");
        web.res.header("X-Accel-Buffering", "no");
        long until = System.nanoTime() + STREAM_MILLIS * 1_000_000;
        try (OutputStream out = web.res.outputStream()) {
            out.write(("retry: 2000\n: connected\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            int idle = 0;
            while (System.nanoTime() < until) {
                Thread.sleep(POLL_MILLIS);
                List<EventTail.Event> events = tail.next();
                for (EventTail.Event e : events) {
                    out.write(("event: " + e.kind() + "\ndata: " + JSON.writeValueAsString(e.toJson()) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                if (!events.isEmpty() || ++idle % 15 == 0) {
                    if (events.isEmpty()) {
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the browser went away
        }
    }
}
