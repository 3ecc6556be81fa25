package dev.referly.credits;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Expires credit on time, as ledger entries, on one scheduled thread. Idempotent (one expiry per
 * grant, under the dedupe key), so every process may run it; the due query is a partial index scan.
 */
public final class CreditExpiryJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CreditExpiryJob.class.getName());

    private final CreditService credits;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "credit-expiry");
        t.setDaemon(true);
        return t;
    });

    public CreditExpiryJob(CreditService credits) {
        this.credits = credits;
    }

    public void start(long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::runOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        try {
            credits.expireDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Credit expiry run failed", e);
        }
    }

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
