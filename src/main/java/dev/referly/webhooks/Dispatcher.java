package dev.referly.webhooks;

import dev.referly.shared.Ids;
import dev.referly.shared.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Delivers the outbox. Runs in every server process, on threads of its own and its own HTTP
 * client, so a slow or dead receiver never holds up a request or a redirect.
 *
 * <p>Work is claimed per endpoint: a process takes an endpoint's lease ({@code lease_owner},
 * {@code lease_until}, set by a conditional UPDATE, so one process wins on either store), sends
 * its due deliveries, records the outcomes in a short transaction, renews the lease and goes on
 * until nothing is due, then lets go. One process at a time per endpoint means each event goes
 * out once at a time. A process that dies holding a lease loses it after {@link #LEASE_MILLIS};
 * whatever it had sent but not recorded is sent again (at least once, same event id). Leases are
 * wall-clock time; schedules (next attempts, expiries) follow the injected clock. No transaction
 * is open, and so SQLite's write gate is never held, while a request is in flight.
 *
 * <p>A healthy endpoint gets up to {@link #HEALTHY_BATCH} deliveries in parallel. One that fails
 * gets one delivery at a time, the one retried longest, at its {@link RetrySchedule}; the others
 * wait until it succeeds. An outage therefore costs one failure per retry step rather than one
 * per event (a round of parallel deliveries that all fail counts once), and
 * {@link #FAILURES_TO_DISABLE} failures in a row (about a week of failing) disable the endpoint
 * and leave a {@code webhook.disabled} entry in the audit log.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    static final int FAILURES_TO_DISABLE = 20;
    static final int HEALTHY_BATCH = 16;
    static final long LEASE_MILLIS = 30_000;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int SNIPPET_BYTES = 1024;
    static final String USER_AGENT = "Referly-Webhooks/1";

    private final Jdbi jdbi;
    private final Clock clock;
    private final TargetGuard guard;
    private final ClickFeed clickFeed;
    private final String owner = UUID.randomUUID().toString();
    private final Set<String> working = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-delivery-", 0).factory());
    private final HttpClient http;
    private ScheduledExecutorService poller;
    private volatile boolean closed;

    public Dispatcher(Jdbi jdbi, Clock clock, boolean allowPrivateTargets) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.guard = new TargetGuard(allowPrivateTargets);
        this.clickFeed = new ClickFeed(jdbi);
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect is not a 2xx, and could lead inside
                .executor(workers)
                .build();
    }

    /** Polls for due work every {@code periodMillis} until {@link #close()}. */
    public synchronized void start(long periodMillis) {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-dispatcher");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            clickFeed.round();
            giveUpExpired();
            for (String id : dueEndpoints()) {
                if (closed || !working.add(id)) {
                    continue;
                }
                if (lease(id)) {
                    workers.submit(() -> work(id));
                } else {
                    working.remove(id);
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "Webhook dispatch round failed; retrying", e);
            }
        }
    }

    /** Pending deliveries past their expiry are given up (a replay or re-enable sends them again). */
    private void giveUpExpired() {
        long now = clock.millis();
        boolean any = jdbi.withHandle(h -> h.createQuery("SELECT id FROM webhook_deliveries WHERE status = :pending"
                        + " AND expires_at <= :now LIMIT 1")
                .bind("pending", Deliveries.PENDING).bind("now", now).mapTo(String.class).findOne().isPresent());
        if (any) {
            jdbi.useTransaction(h -> h.createUpdate("UPDATE webhook_deliveries SET status = :failed, updated_at = :now"
                            + " WHERE status = :pending AND expires_at <= :now")
                    .bind("failed", Deliveries.FAILED).bind("pending", Deliveries.PENDING).bind("now", now).execute());
        }
    }

    private List<String> dueEndpoints() {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createQuery("SELECT w.id FROM webhooks w WHERE w.disabled_at IS NULL"
                        + " AND (w.blocked_until IS NULL OR w.blocked_until <= :now)"
                        + " AND (w.lease_until IS NULL OR w.lease_until < :wall)"
                        + " AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id"
                        + " AND d.status = :pending AND d.next_attempt_at <= :now)")
                .bind("now", now).bind("wall", System.currentTimeMillis()).bind("pending", Deliveries.PENDING)
                .mapTo(String.class).list());
    }

    private boolean lease(String id) {
        long wall = System.currentTimeMillis();
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE webhooks SET lease_owner = :me, lease_until = :until"
                        + " WHERE id = :id AND (lease_until IS NULL OR lease_until < :wall)")
                .bind("me", owner).bind("until", wall + LEASE_MILLIS).bind("id", id).bind("wall", wall)
                .execute() == 1);
    }

    private boolean renew(String id) {
        long wall = System.currentTimeMillis();
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE webhooks SET lease_until = :until"
                        + " WHERE id = :id AND lease_owner = :me")
                .bind("until", wall + LEASE_MILLIS).bind("id", id).bind("me", owner).execute() == 1);
    }

    private void release(String id) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE webhooks SET lease_owner = NULL, lease_until = NULL"
                + " WHERE id = :id AND lease_owner = :me").bind("id", id).bind("me", owner).execute());
    }

    /** Delivers to one leased endpoint until nothing is due or it starts failing. */
    private void work(String id) {
        try {
            while (!closed) {
                long now = clock.millis();
                Optional<WebhookService.Target> found = jdbi.withHandle(h -> WebhookService.target(h, id));
                if (found.isEmpty() || found.get().disabledAt() != null || blocked(id, now)) {
                    return;
                }
                WebhookService.Target target = found.get();
                List<Due> due = due(id, now, target.consecutiveFailures() > 0 ? 1 : HEALTHY_BATCH);
                if (due.isEmpty()) {
                    return;
                }
                List<Outcome> outcomes = send(target, due);
                record(target, outcomes);
                if (!renew(id)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "Delivering to webhook " + id + " failed; the next round retries", e);
            }
        } finally {
            try {
                if (!closed) {
                    release(id);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Releasing the lease of webhook " + id, e);
            } finally {
                working.remove(id);
            }
        }
    }

    private boolean blocked(String id, long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhooks WHERE id = :id AND blocked_until > :now")
                .bind("id", id).bind("now", now).mapTo(Integer.class).one() > 0);
    }

    /** A due delivery with its body; retried ones first, so a failing endpoint keeps retrying the same one. */
    record Due(String deliveryId, String eventId, int attempts, long expiresAt, String body) {}

    private List<Due> due(String id, long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.id, d.event_id, d.attempts, d.expires_at, e.payload"
                        + " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
                        + " WHERE d.webhook_id = :id AND d.status = :pending AND d.next_attempt_at <= :now"
                        + " ORDER BY d.attempts DESC, d.next_attempt_at, d.created_at, d.id LIMIT :limit")
                .bind("id", id).bind("pending", Deliveries.PENDING).bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        rs.getString(5)))
                .list());
    }

    /** What one POST came to. */
    record Outcome(Due due, Integer status, long latencyMs, String snippet, String error) {
        boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private List<Outcome> send(WebhookService.Target target, List<Due> due) {
        List<Future<Outcome>> futures = new ArrayList<>(due.size());
        for (Due d : due) {
            futures.add(workers.submit(() -> attempt(target, d)));
        }
        List<Outcome> outcomes = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            Future<Outcome> f = futures.get(i);
            try {
                outcomes.add(f.get(REQUEST_TIMEOUT.toMillis() + CONNECT_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                f.cancel(true);
                outcomes.add(new Outcome(due.get(i), null, REQUEST_TIMEOUT.toMillis(), null, "timed out"));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome(due.get(i), null, 0, null, String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while delivering", e);
            }
        }
        return outcomes;
    }

    private Outcome attempt(WebhookService.Target target, Due d) {
        long started = System.nanoTime();
        String refused = guard.problem(target.url());
        if (refused != null) {
            return new Outcome(d, null, 0, null, "not sent: the URL " + refused);
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long nowMillis = clock.millis();
        long timestamp = nowMillis / 1000;
        boolean previousValid = target.previousSecret() != null && target.previousSecretExpiresAt() != null
                && target.previousSecretExpiresAt() > nowMillis;
        String standard = Signatures.standard(target.secret(), d.eventId(), timestamp, body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Dub-Signature", Signatures.dub(target.secret(), body))
                .header("webhook-id", d.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (previousValid) {
            // Receivers still holding the rotated-out secret keep verifying until it expires.
            standard += " " + Signatures.standard(target.previousSecret(), d.eventId(), timestamp, body);
            request.header("Dub-Signature-Previous", Signatures.dub(target.previousSecret(), body));
        }
        request.header("webhook-signature", standard);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String snippet;
            try (InputStream in = response.body()) {
                snippet = new String(in.readNBytes(SNIPPET_BYTES), StandardCharsets.UTF_8);
            }
            return new Outcome(d, response.statusCode(), elapsedMillis(started), snippet, null);
        } catch (HttpTimeoutException e) {
            return new Outcome(d, null, elapsedMillis(started), null, "timed out after " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Outcome(d, null, elapsedMillis(started), null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(d, null, elapsedMillis(started), null, "interrupted");
        } catch (IllegalArgumentException e) {
            return new Outcome(d, null, 0, null, "not sent: " + e.getMessage());
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** The outcomes, the endpoint's failure streak, its retry gate and (at the threshold) its disabling, at once. */
    private void record(WebhookService.Target target, List<Outcome> outcomes) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            // A round whose deliveries all fail counts once: they went out together, to one receiver in
            // one state. A round with some success starts over, at 1 if some of it failed.
            long failed = outcomes.stream().filter(o -> !o.success()).count();
            int failures = failed == 0 ? 0 : failed == outcomes.size() ? target.consecutiveFailures() + 1 : 1;
            Long failingSince = failures == 0 ? null : failed == outcomes.size() && target.failingSince() != null
                    ? target.failingSince() : now;
            Long nextProbe = null;
            for (Outcome o : outcomes) {
                int attempt = o.due().attempts() + 1;
                h.createUpdate("INSERT INTO webhook_attempts (delivery_id, webhook_id, attempt, response_status,"
                                + " latency_ms, response_snippet, error, ts) VALUES (:delivery, :webhook, :attempt,"
                                + " :status, :latency, :snippet, :error, :now)")
                        .bind("delivery", o.due().deliveryId()).bind("webhook", target.id()).bind("attempt", attempt)
                        .bind("status", o.status()).bind("latency", o.latencyMs()).bind("snippet", o.snippet())
                        .bind("error", o.error()).bind("now", now).execute();
                if (o.success()) {
                    h.createUpdate("UPDATE webhook_deliveries SET status = :delivered, attempts = :attempt,"
                                    + " delivered_at = :now, updated_at = :now WHERE id = :id AND status = :pending")
                            .bind("delivered", Deliveries.DELIVERED).bind("attempt", attempt).bind("now", now)
                            .bind("id", o.due().deliveryId()).bind("pending", Deliveries.PENDING).execute();
                    continue;
                }
                long next = now + RetrySchedule.delay(attempt, ThreadLocalRandom.current().nextDouble());
                boolean giveUp = next >= o.due().expiresAt();
                nextProbe = nextProbe == null ? next : Math.min(nextProbe, next);
                h.createUpdate("UPDATE webhook_deliveries SET status = :status, attempts = :attempt,"
                                + " next_attempt_at = :next, updated_at = :now WHERE id = :id AND status = :pending")
                        .bind("status", giveUp ? Deliveries.FAILED : Deliveries.PENDING).bind("attempt", attempt)
                        .bind("next", next).bind("now", now).bind("id", o.due().deliveryId())
                        .bind("pending", Deliveries.PENDING).execute();
            }
            h.createUpdate("UPDATE webhooks SET consecutive_failures = :failures, failing_since = :since,"
                            + " blocked_until = :blocked WHERE id = :id")
                    .bind("failures", failures).bind("since", failingSince)
                    .bind("blocked", failures == 0 ? null : nextProbe).bind("id", target.id()).execute();
            if (failures >= FAILURES_TO_DISABLE && target.disabledAt() == null) {
                disableForFailures(h, target, failures, now);
            }
        });
    }

    private static void disableForFailures(Handle h, WebhookService.Target target, int failures, long now) {
        WebhookService.disable(h, target.id(), WebhookService.DISABLED_FAILING, now);
        // The owner's record: the audit log, where the program's other changes are listed.
        h.createUpdate("INSERT INTO audit_log (id, workspace_id, actor, action, target_type, target_id, before_state,"
                        + " after_state, ts) VALUES (:id, :ws, :actor, 'webhook.disabled', 'webhook', :target, :before,"
                        + " :after, :now)")
                .bind("id", Ids.newId("aud_", now)).bind("ws", target.workspaceId())
                .bind("actor", "{\"type\":\"system\",\"id\":\"webhook-dispatcher\",\"partialKey\":null}")
                .bind("target", target.id())
                .bind("before", "{\"disabledAt\":null}")
                .bind("after", "{\"disabledAt\":\"" + Timestamps.iso(now) + "\",\"disabledReason\":\""
                        + WebhookService.DISABLED_FAILING + "\",\"consecutiveFailures\":" + failures + ",\"url\":"
                        + quote(target.url()) + "}")
                .bind("now", now)
                .execute();
        LOG.warning("Webhook " + target.id() + " disabled after " + failures + " failed deliveries in a row");
    }

    private static String quote(String text) {
        try {
            return Outbox.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops polling and sending; leases held are let go so another process can take over at once. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (poller != null) {
                poller.shutdownNow();
                try {
                    poller.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jdbi.useTransaction(h -> h.createUpdate("UPDATE webhooks SET lease_owner = NULL, lease_until = NULL"
                    + " WHERE lease_owner = :me").bind("me", owner).execute());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Releasing webhook leases at shutdown", e);
        }
        http.close();
    }

    /** Runs one polling round now (tests and benchmarks; the poller calls it on its own). */
    void pollNow() {
        poll();
    }
}
