package dev.referly.http.front;

import dev.referly.config.HttpLimits;
import dev.referly.redirect.ShortLinkRedirect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public port. Short-link redirects, the hot path, are answered here on a few selector
 * threads with no per-request thread; every other request reaches Helidon through a
 * {@link Tunnel}. Helidon alone measured at ~0.65x nginx's throughput for a bare 302, which
 * left no room for click capture under the 0.5x target.
 */
public final class FrontServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FrontServer.class.getName());

    private final ServerSocketChannel listener;
    private final List<EventLoop> loops;
    private final Thread acceptor;
    private volatile boolean running = true;

    private FrontServer(ServerSocketChannel listener, List<EventLoop> loops) {
        this.listener = listener;
        this.loops = loops;
        this.acceptor = Thread.ofPlatform().name("front-acceptor").daemon(true).start(this::accept);
    }

    /**
     * Listens on {@code host:port} (0 picks a free port) with one event loop per core, passing
     * what is not a short link to {@code backend}.
     */
    public static FrontServer start(String host, int port, ShortLinkRedirect redirect, InetSocketAddress backend,
            Duration idleTimeout, HttpLimits limits) {
        try {
            ServerSocketChannel listener = ServerSocketChannel.open();
            listener.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(host, port), 1024);
            Tunnel tunnel = new Tunnel(backend, limits, idleTimeout.toMillis());
            int count = Math.max(1, Runtime.getRuntime().availableProcessors());
            List<EventLoop> loops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                loops.add(new EventLoop("redirect-loop-" + i, redirect, tunnel, idleTimeout.toMillis(), limits));
            }
            return new FrontServer(listener, loops);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    private void accept() {
        int next = 0;
        while (running) {
            try {
                SocketChannel channel = listener.accept();
                loops.get(next).adopt(channel);
                next = (next + 1) % loops.size();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                // e.g. out of file descriptors: keep serving the connections there are
                LOG.log(Level.WARNING, "Accept failed", e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops accepting and closes the connections it serves itself (tunnels end with Helidon). */
    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(EventLoop::close);
    }
}
