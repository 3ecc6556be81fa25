package dev.referly.integrations.stripe;

import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Paging;
import dev.referly.shared.Timestamps;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook receiver. Each request is verified against the connection's secrets, then the event
 * is claimed and applied in one transaction, so it is processed once across redeliveries and
 * processes. Events that need something not known yet are stored as waiting and run again when an
 * applied event provides it; waiting longer than {@link #WAIT_LIMIT} turns them into ignored. A
 * handler failure rolls the event back, stores it as failed and answers 500, so Stripe retries it.
 */
public final class StripeWebhooks {
    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class.getName());
    /** How long an event waits for what it needs before it is given up (ignored). */
    static final Duration WAIT_LIMIT = Duration.ofDays(7);
    /** Waiting events applied because of an applied event may unblock others; this bounds the chain. */
    private static final int MAX_RECHECK_ROUNDS = 10;
    private static final long EXPIRY_SWEEP_MILLIS = 60_000;
    public static final int MAX_PAGE_SIZE = 100;

    /** What a delivery did: the event's state after it, and whether it had been seen already. */
    public record Receipt(String eventId, String type, String state, String reason, boolean duplicate) {}

    private record Attempt(Outcome outcome, StoredEvent duplicate, String failure) {}

    private final Jdbi jdbi;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final StripeConnections connections;
    private final Map<String, EventHandler> handlers;
    /** When each workspace's waiting events were last swept for expiry, by this process. */
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();

    StripeWebhooks(Jdbi jdbi, GroupCommitWriter writer, Clock clock, StripeConnections connections,
            EventHandler.Deps deps) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.clock = clock;
        this.connections = connections;
        CustomerHandler customers = new CustomerHandler(deps);
        this.handlers = Map.of(
                "customer.created", customers,
                "customer.updated", customers,
                "checkout.session.completed", new CheckoutSessionHandler(deps),
                "invoice.paid", new InvoicePaidHandler(deps),
                "invoice_payment.paid", new InvoicePaymentPaidHandler(deps),
                "charge.refunded", new ChargeRefundedHandler(deps),
                "customer.subscription.created", new TrialStartedHandler(deps),
                "customer.subscription.deleted", new SubscriptionDeletedHandler(deps, clock));
    }

    /** The event types to select in Stripe's endpoint settings. */
    public static List<String> eventTypes() {
        return List.of("customer.created", "customer.updated", "checkout.session.completed", "invoice.paid",
                "invoice_payment.paid", "charge.refunded", "customer.subscription.created",
                "customer.subscription.deleted");
    }

    /** POST /integrations/stripe/webhook/{workspaceId}. */
    public Receipt receive(String workspaceId, String payload, String signatureHeader) {
        StripeConnection c = connections.find(workspaceId)
                .orElseThrow(() -> ApiException.notFound("No Stripe connection for workspace " + workspaceId + "."));
        return receive(c, payload, signatureHeader);
    }

    /** POST /integrations/stripe/webhook: the workspace whose connection names the event's {@code account}. */
    public Receipt receiveShared(String payload, String signatureHeader) {
        String account = StripeEvent.accountOf(payload);
        if (account == null) {
            throw ApiException.badRequest("The event names no Stripe account; use the workspace's own endpoint,"
                    + " /integrations/stripe/webhook/{workspaceId}.");
        }
        String workspaceId = connections.workspaceOfAccount(account)
                .orElseThrow(() -> ApiException.notFound("No workspace has connected Stripe account " + account + "."));
        return receive(workspaceId, payload, signatureHeader);
    }

    private Receipt receive(StripeConnection c, String payload, String signatureHeader) {
        StripeSignature.verify(payload, signatureHeader, c.activeSecrets(clock.millis()), clock);
        StripeEvent e = StripeEvent.parse(payload);
        sweepOccasionally(c.workspaceId());
        String skip = skipReason(c, e);
        if (skip != null) {
            long now = clock.millis();
            Optional<StoredEvent> seen = writer.inTransaction(h ->
                    StripeEventStore.insertIgnored(h, c.workspaceId(), e, skip, now));
            return seen.map(s -> new Receipt(s.eventId(), s.type(), s.state(), s.reason(), true))
                    .orElse(new Receipt(e.id(), e.type(), StripeEventStore.IGNORED, skip, false));
        }
        Attempt a = attempt(c, e, null);
        if (a.duplicate() != null) {
            StoredEvent s = a.duplicate();
            return new Receipt(s.eventId(), s.type(), s.state(), s.reason(), true);
        }
        if (a.failure() != null) {
            throw new ApiException(ErrorCode.INTERNAL_SERVER_ERROR, "Stripe event " + e.id() + " could not be applied;"
                    + " it is listed as failed at GET /integrations/stripe/events and Stripe will send it again.");
        }
        Outcome outcome = a.outcome();
        if (outcome instanceof Outcome.Waiting) {
            // What it waits for may have been committed by a concurrent transaction (another request,
            // another process) whose re-run of waiting events looked before this one was stored: one
            // more look, now that it is, closes that gap.
            Attempt again = attempt(c, e, Set.of(StripeEventStore.WAITING));
            outcome = again.outcome() != null ? again.outcome() : outcome;
        }
        recheckAfter(c, outcome);
        return new Receipt(e.id(), e.type(), outcome.state(), outcome.reason(), false);
    }

    /** Why an event is acknowledged without being applied, or null. */
    private String skipReason(StripeConnection c, StripeEvent e) {
        if (c.live() && !e.livemode()) {
            return "a test-mode event on a live connection";
        }
        if (!c.live() && e.livemode()) {
            return "a live-mode event on a test connection";
        }
        if (c.accountId() != null && e.account() != null && !c.accountId().equals(e.account())) {
            return "an event of Stripe account " + e.account() + ", not the connected " + c.accountId();
        }
        if (!handlers.containsKey(e.type())) {
            return "Referly does not use " + e.type() + " events";
        }
        return null;
    }

    /**
     * Claims and applies the event in one transaction: a new delivery ({@code reclaimFrom} null) or
     * another attempt at an event stored in one of {@code reclaimFrom}'s states.
     */
    private Attempt attempt(StripeConnection c, StripeEvent e, Set<String> reclaimFrom) {
        String ws = c.workspaceId();
        EventHandler handler = handlers.get(e.type());
        try {
            return writer.inTransaction(h -> {
                long now = clock.millis();
                Optional<StoredEvent> seen = reclaimFrom == null ? StripeEventStore.claim(h, ws, e, now)
                        : StripeEventStore.reclaim(h, ws, e.id(), reclaimFrom, now) ? Optional.empty()
                        : StripeEventStore.get(h, ws, e.id());
                if (seen.isPresent()) {
                    return new Attempt(null, seen.get(), null);
                }
                Outcome outcome = handler.apply(h, new EventHandler.Context(ws, c), e.object());
                StripeEventStore.finish(h, ws, e.id(), outcome, now);
                return new Attempt(outcome, null, null);
            });
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "Stripe event " + e.id() + " (" + e.type() + ") of workspace " + ws + " failed", ex);
            String reason = ex instanceof ApiException api ? api.getMessage()
                    : ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
            writer.useTransaction(h -> StripeEventStore.recordFailure(h, ws, e, reason, clock.millis()));
            return new Attempt(null, null, reason);
        }
    }

    /** Runs again the waiting events that what was just applied may unblock, and those that unblocks, in turn. */
    private void recheckAfter(StripeConnection c, Outcome outcome) {
        if (!(outcome instanceof Outcome.Applied applied)) {
            return;
        }
        Set<String> keys = applied.provides();
        for (int round = 0; round < MAX_RECHECK_ROUNDS && !keys.isEmpty(); round++) {
            Set<String> provided = keys;
            List<String> waiting = jdbi.withHandle(h -> StripeEventStore.waitingFor(h, c.workspaceId(), provided));
            Set<String> next = new HashSet<>();
            for (String eventId : waiting) {
                Optional<StripeEvent> stored = storedEvent(c.workspaceId(), eventId);
                if (stored.isEmpty()) {
                    continue;
                }
                Attempt a = attempt(c, stored.get(), Set.of(StripeEventStore.WAITING));
                if (a.outcome() instanceof Outcome.Applied more) {
                    next.addAll(more.provides());
                }
            }
            keys = next;
        }
    }

    private Optional<StripeEvent> storedEvent(String workspaceId, String eventId) {
        return jdbi.withHandle(h -> StripeEventStore.get(h, workspaceId, eventId)).map(s -> StripeEvent.parse(s.payload()));
    }

    /**
     * POST /integrations/stripe/events/{id}/retry: runs a failed, waiting or ignored event again
     * (after the admin fixed what stopped it: imported a rate, mapped a promotion code, ...). An
     * applied event is not run twice.
     */
    public StoredEvent retry(String workspaceId, String eventId) {
        StoredEvent stored = get(workspaceId, eventId);
        if (stored.state().equals(StripeEventStore.APPLIED)) {
            throw ApiException.conflict("Stripe event " + eventId + " was applied already; it is not run twice.");
        }
        StripeConnection c = connections.find(workspaceId)
                .orElseThrow(() -> ApiException.conflict("Stripe is not connected; connect it to run events again."));
        StripeEvent e = StripeEvent.parse(stored.payload());
        String skip = skipReason(c, e);
        if (skip != null) {
            throw ApiException.conflict("Stripe event " + eventId + " is not applied: " + skip + ".");
        }
        Attempt a = attempt(c, e, Set.of(StripeEventStore.FAILED, StripeEventStore.WAITING, StripeEventStore.IGNORED));
        recheckAfter(c, a.outcome());
        return get(workspaceId, eventId);
    }

    public StoredEvent get(String workspaceId, String eventId) {
        return jdbi.withHandle(h -> StripeEventStore.get(h, workspaceId, eventId))
                .orElseThrow(() -> ApiException.notFound("Stripe event " + eventId + " not found."));
    }

    /** GET /integrations/stripe/events: newest first, optionally of one state or type. */
    public List<StoredEvent> list(String workspaceId, String state, String type, int page, int pageSize) {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        if (state != null && !List.of(StripeEventStore.APPLIED, StripeEventStore.WAITING, StripeEventStore.IGNORED,
                StripeEventStore.FAILED).contains(state)) {
            throw ApiException.invalid("state", "must be applied, waiting, ignored or failed");
        }
        expireWaiting(workspaceId);
        return jdbi.withHandle(h -> StripeEventStore.list(h, workspaceId, state, type, page, pageSize));
    }

    private void sweepOccasionally(String workspaceId) {
        long now = clock.millis();
        Long last = lastSweep.get(workspaceId);
        if (last == null || now - last >= EXPIRY_SWEEP_MILLIS) {
            lastSweep.put(workspaceId, now);
            expireWaiting(workspaceId);
        }
    }

    /** Waiting events older than the limit are given up: ignored, with the reason they waited. */
    private void expireWaiting(String workspaceId) {
        long now = clock.millis();
        long cutoff = now - WAIT_LIMIT.toMillis();
        writer.useTransaction(h -> {
            h.createUpdate("DELETE FROM stripe_event_waits WHERE workspace_id = :ws AND event_id IN (SELECT event_id"
                            + " FROM stripe_events WHERE workspace_id = :ws AND state = :waiting AND received_at < :cutoff)")
                    .bind("ws", workspaceId).bind("waiting", StripeEventStore.WAITING).bind("cutoff", cutoff).execute();
            h.createUpdate("UPDATE stripe_events SET state = :ignored, reason = :prefix || COALESCE(reason, ''),"
                            + " updated_at = :now WHERE workspace_id = :ws AND state = :waiting AND received_at < :cutoff")
                    .bind("ignored", StripeEventStore.IGNORED)
                    .bind("prefix", "gave up after " + WAIT_LIMIT.toDays() + " days: ")
                    .bind("now", now).bind("ws", workspaceId).bind("waiting", StripeEventStore.WAITING)
                    .bind("cutoff", cutoff).execute();
        });
    }

    /** The API shape of a stored event; with its Stripe payload when {@code withPayload}. */
    public static Map<String, Object> json(StoredEvent s, boolean withPayload) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.eventId());
        json.put("type", s.type());
        json.put("state", s.state());
        json.put("reason", s.reason());
        json.put("livemode", s.livemode());
        json.put("attempts", s.attempts());
        json.put("createdAt", Timestamps.iso(s.stripeCreatedAt()));
        json.put("receivedAt", Timestamps.iso(s.receivedAt()));
        json.put("updatedAt", Timestamps.iso(s.updatedAt()));
        if (withPayload) {
            try {
                json.put("event", StripeEvent.JSON.readTree(s.payload()));
            } catch (java.io.IOException e) {
                json.put("event", null);
            }
        }
        return json;
    }
}
