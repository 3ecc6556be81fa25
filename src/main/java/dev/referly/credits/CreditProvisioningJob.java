package dev.referly.credits;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the due credit provisioning on one scheduled thread; every process may run it (rows are claimed). */
public final class CreditProvisioningJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CreditProvisioningJob.class.getName());

    private final CreditProvisioner provisioner;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "credit-provisioning");
        t.setDaemon(true);
        return t;
    });

    public CreditProvisioningJob(CreditProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    public void start(long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::runOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        try {
            provisioner.runDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Credit provisioning run failed", e);
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
