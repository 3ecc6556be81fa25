package dev.referly.http.front;

import dev.referly.config.HttpLimits;
import dev.referly.redirect.ShortLinkRedirect;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread serving its share of the connections. Other threads (the acceptor, the
 * click writer completing commits) reach it only through {@link #execute}, which wakes the
 * selector at most once per batch of tasks.
 */
final class EventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    private static final long SWEEP_MILLIS = 5_000;

    final ShortLinkRedirect redirect;
    /** Shared by this loop's connections: a read is consumed before the next one starts. */
    final ByteBuffer readBuffer = ByteBuffer.allocate(128 * 1024);
    private final Tunnel tunnel;
    private final long idleMillis;
    final int maxHeadBytes;
    private final long headTimeoutMillis;
    /** Often enough to close a head that is too slow within a quarter of its timeout. */
    private final long sweepMillis;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupSent = new AtomicBoolean();
    private final Set<FrontConnection> connections = new HashSet<>();
    private final List<FrontConnection> handOffs = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long now;
    private long nextSweep;

    EventLoop(String name, ShortLinkRedirect redirect, Tunnel tunnel, long idleMillis, HttpLimits limits)
            throws IOException {
        this.redirect = redirect;
        this.tunnel = tunnel;
        this.idleMillis = idleMillis;
        this.maxHeadBytes = limits.maxHeadBytes();
        this.headTimeoutMillis = limits.headTimeout().toMillis();
        this.sweepMillis = Math.max(50, Math.min(SWEEP_MILLIS, headTimeoutMillis / 4));
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    long now() {
        return now;
    }

    /** Runs {@code task} on this loop's thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (wakeupSent.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void adopt(SocketChannel channel) {
        execute(() -> {
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                FrontConnection connection = new FrontConnection(this, channel, key, now);
                key.attach(connection);
                connections.add(connection);
            } catch (IOException e) {
                closeQuietly(channel);
            }
        });
    }

    void handOff(FrontConnection connection) {
        connections.remove(connection);
        handOffs.add(connection);
    }

    void forget(FrontConnection connection) {
        connections.remove(connection);
    }

    private void run() {
        while (running) {
            try {
                selector.select(Math.min(1_000, sweepMillis));
                now = System.currentTimeMillis();
                // Cleared before the tasks run, so a task queued from here on wakes the selector again.
                wakeupSent.set(false);
                runTasks();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key.isValid() && key.attachment() instanceof FrontConnection connection) {
                        serve(key, connection);
                    }
                }
                if (!handOffs.isEmpty()) {
                    startTunnels();
                }
                if (now >= nextSweep) {
                    closeIdle();
                    nextSweep = now + sweepMillis;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "Redirect front loop error", e);
            }
        }
        for (FrontConnection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }

    private void serve(SelectionKey key, FrontConnection connection) {
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            connection.onWritable();
        }
        if (key.isValid() && (ready & SelectionKey.OP_READ) != 0) {
            connection.onReadable();
        }
    }

    private void runTasks() throws IOException {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Redirect front task failed", e);
            }
        }
        if (!handOffs.isEmpty()) {
            startTunnels();
        }
    }

    /** A channel leaves the selector only at its next selection, and only then can it block. */
    private void startTunnels() throws IOException {
        selector.selectNow();
        for (FrontConnection connection : handOffs) {
            try {
                connection.channel.configureBlocking(true);
                tunnel.start(connection.channel, connection.owedToClient, connection.forBackend);
            } catch (IOException | java.nio.channels.IllegalBlockingModeException e) {
                LOG.log(Level.WARNING, "Could not pass a connection to the API server", e);
                closeQuietly(connection.channel);
            }
        }
        handOffs.clear();
    }

    private void closeIdle() {
        long cutoff = now - idleMillis;
        long headCutoff = now - headTimeoutMillis;
        List<FrontConnection> idle = new ArrayList<>();
        for (FrontConnection connection : connections) {
            if (connection.idleSince(cutoff) || connection.headStartedBefore(headCutoff)) {
                idle.add(connection);
            }
        }
        idle.forEach(FrontConnection::close);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
