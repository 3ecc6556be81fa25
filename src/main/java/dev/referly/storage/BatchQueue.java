package dev.referly.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shape of group commit: callers queue work, and one platform thread hands whatever has
 * queued up (at most {@code maxBatch} items) to a consumer as one batch, so the next batch
 * gathers while the previous one commits. No timer: under light load a batch is one item and
 * waits for nothing. The consumer must settle every item it is given (it owns their futures);
 * it runs on a platform thread because SQLite's native calls would pin a virtual thread anyway.
 */
public final class BatchQueue<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchQueue.class.getName());

    private final String name;
    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final Consumer<List<T>> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    public BatchQueue(String name, int capacity, int maxBatch, Consumer<List<T>> consumer) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.consumer = consumer;
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    /** Queues an item; blocks while the queue is full, so a stalled database slows callers rather than dropping work. */
    public void put(T item) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException(name + " is closed");
        }
        queue.put(item);
    }

    public int size() {
        return queue.size();
    }

    /** True on the consumer's own thread, i.e. when called from inside a batch. */
    public boolean isConsumerThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Takes {@code item} back when it can never be consumed any more (the queue was closed just
     * as it was put): true if the caller must settle it itself.
     */
    public boolean abandoned(T item) {
        return !thread.isAlive() && queue.remove(item);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                consumer.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, name + ": a batch of " + batch.size() + " failed outside its transaction", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops taking work and consumes everything already queued. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
