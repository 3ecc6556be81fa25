package dev.referly.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Helidon's side of the head timeout: a connection whose headers have not all arrived within
 * the timeout of its request line is closed. Helidon 4.5 has no such deadline of its own (its
 * idle sweep only interrupts a connection still reading a request line), so this listener
 * arms one when the request line is read and disarms it when the headers are. The front
 * holds every request to the same deadline before Helidon sees it; this covers Helidon's
 * loopback port itself.
 */
final class HeadersDeadline implements Http1ConnectionListener {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final long timeoutMillis;
    private final Map<ConnectionContext, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();

    HeadersDeadline(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("helidon-head-deadline").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        armed.put(ctx, TIMER.schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        ScheduledFuture<?> deadline = armed.remove(ctx);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void expire(ConnectionContext ctx) {
        if (armed.remove(ctx) != null) {
            ctx.serverSocket().close();
        }
    }
}
