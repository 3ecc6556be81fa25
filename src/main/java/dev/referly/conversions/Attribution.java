package dev.referly.conversions;

import dev.referly.attribution.AttributionWindow;
import dev.referly.clicks.Click;
import dev.referly.clicks.ClickRows;
import dev.referly.shared.ApiException;
import org.jdbi.v3.core.Handle;

/** The click a conversion names, checked against the workspace and its attribution window. */
final class Attribution {
    /** The click, and the link it credits ({@code null} when outside the window). */
    record Credited(Click click, String linkId) {
        boolean attributed() {
            return linkId != null;
        }
    }

    private Attribution() {}

    static Credited ofClick(Handle h, String workspaceId, String clickId, long at) {
        Click click = ClickRows.byId(h, clickId)
                .filter(c -> c.workspaceId().equals(workspaceId)) // another workspace's click is as good as unknown
                .orElseThrow(() -> ApiException.notFound("Click not found: " + clickId));
        int windowDays = h.createQuery("SELECT attribution_window_days FROM workspaces WHERE id = :ws")
                .bind("ws", workspaceId).mapTo(Integer.class).one();
        boolean inWindow = AttributionWindow.covers(click.timestamp(), at, windowDays);
        return new Credited(click, inWindow ? click.linkId() : null);
    }
}
