package dev.referly.payouts;

import dev.referly.commissions.ClickRewards;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ledger's background work on one scheduled thread: yesterday's click rewards, then a payout
 * run. Both are idempotent (dedupe keys, one pending payout per partner and currency), so
 * running them every period, in several processes at once, is safe.
 */
public final class LedgerJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LedgerJobs.class.getName());

    private final ClickRewards clickRewards;
    private final PayoutService payouts;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledger-jobs");
        t.setDaemon(true);
        return t;
    });

    public LedgerJobs(ClickRewards clickRewards, PayoutService payouts) {
        this.clickRewards = clickRewards;
        this.payouts = payouts;
    }

    public void start(long initialDelayMillis, long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::runOnce, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        try {
            clickRewards.run(null, clickRewards.lastFullDay());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Click rewards run failed", e);
        }
        try {
            payouts.run(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Payout run failed", e);
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
