package dev.referly.shared;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background work repeated on a daemon thread of its own, with a fixed delay between runs. A run
 * that fails is logged and the next one happens as planned: the jobs that use this are idempotent
 * (dedupe keys, claimed rows), so the next run picks up what the failed one left.
 */
public final class PeriodicTask implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeriodicTask.class.getName());

    private final String name;
    private final Runnable work;
    private final ScheduledExecutorService scheduler;

    private PeriodicTask(String name, Runnable work) {
        this.name = name;
        this.work = work;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public static PeriodicTask start(String name, long initialDelayMillis, long periodMillis, Runnable work) {
        PeriodicTask task = new PeriodicTask(name, work);
        task.scheduler.scheduleWithFixedDelay(task::runOnce, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
        return task;
    }

    private void runOnce() {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Background task " + name + " failed; it runs again next period", e);
        }
    }

    /** Stops the thread, waiting for a run in progress to end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
