package dev.referly.credits;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.net.RequestOptions;
import com.stripe.param.CouponCreateParams;
import com.stripe.param.CustomerBalanceTransactionCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies credit grants in Stripe, one claimed row at a time. A currency grant is a customer
 * balance credit (a negative balance transaction); {@code months} a 100%-off repeating coupon (one
 * per number of months and workspace, created once) added to the customer's subscription;
 * {@code days} pushes the subscription's trial end. Every call carries the workspace's API key and
 * an Idempotency-Key derived from the grant, so a retry after a timeout never applies twice.
 */
public final class CreditProvisioner {
    private static final Logger LOG = Logger.getLogger(CreditProvisioner.class.getName());
    /** A claimed row is left alone this long: longer than any Stripe call (timeouts below). */
    static final long LEASE_MILLIS = 5 * 60_000L;
    static final long FIRST_BACKOFF_MILLIS = 30_000L;
    private static final long MAX_BACKOFF_MILLIS = 6 * 3_600_000L;
    /** Attempts before a failing row is given up (about a day and a half of backoff). */
    static final int MAX_ATTEMPTS = 12;
    private static final int BATCH = 20;
    private static final long DAY_SECONDS = 86_400L;

    private final Jdbi jdbi;
    private final Clock clock;
    private final StripeClient stripe;

    public CreditProvisioner(Jdbi jdbi, Clock clock, String apiBase) {
        this.jdbi = jdbi;
        this.clock = clock;
        // The key here is never used: each request carries its workspace's key in its RequestOptions.
        this.stripe = StripeClient.builder().setApiKey("sk_unset").setApiBase(apiBase).setMaxNetworkRetries(0)
                .setConnectTimeout(10_000).setReadTimeout(30_000).build();
    }

    /** Claims and runs the due rows; the number applied. */
    public int runDue() {
        long now = clock.millis();
        int applied = 0;
        for (CreditProvisioning row : jdbi.withHandle(h -> ProvisioningQueue.due(h, now, BATCH))) {
            if (!jdbi.withHandle(h -> ProvisioningQueue.claim(h, row, now, now + LEASE_MILLIS))) {
                continue; // another process took it
            }
            if (run(row, row.attempts() + 1)) {
                applied++;
            }
        }
        return applied;
    }

    /** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, ... up to 6 hours. */
    static long backoff(int attempts) {
        long delay = FIRST_BACKOFF_MILLIS << Math.min(Math.max(attempts - 1, 0), 20);
        return Math.min(delay, MAX_BACKOFF_MILLIS);
    }

    /** What a row is applied with: its grant, the key and the holder's Stripe customer (if known). */
    private record Target(CreditEntry grant, String apiKey, String customer) {}

    private boolean run(CreditProvisioning row, int attempts) {
        try {
            Target t = target(row);
            if (t.apiKey() == null) {
                fail(row, "The workspace's Stripe API key was removed.");
                return false;
            }
            if (t.customer() == null) {
                retryOrFail(row, attempts, "No Stripe customer for the " + t.grant().holderType() + " yet (the customer"
                        + " is bound by Stripe's customer.created event; a referrer by a customer whose externalId"
                        + " is its tenantId).");
                return false;
            }
            Optional<String> object = apply(row, t);
            if (object.isEmpty()) {
                retryOrFail(row, attempts, "No active or trialing Stripe subscription for customer " + t.customer() + ".");
                return false;
            }
            jdbi.useHandle(h -> ProvisioningQueue.applied(h, row.id(), object.get(), clock.millis()));
            return true;
        } catch (StripeException e) {
            retryOrFail(row, attempts, "Stripe: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Provisioning " + row.id() + " failed", e);
            retryOrFail(row, attempts, e.toString());
        }
        return false;
    }

    private void retryOrFail(CreditProvisioning row, int attempts, String error) {
        String message = error.length() > 1000 ? error.substring(0, 1000) : error;
        long now = clock.millis();
        if (attempts >= MAX_ATTEMPTS) {
            jdbi.useHandle(h -> ProvisioningQueue.failed(h, row.id(), message, now));
        } else {
            jdbi.useHandle(h -> ProvisioningQueue.retryLater(h, row.id(), message, now + backoff(attempts), now));
        }
    }

    private void fail(CreditProvisioning row, String error) {
        jdbi.useHandle(h -> ProvisioningQueue.failed(h, row.id(), error, clock.millis()));
    }

    private Target target(CreditProvisioning row) {
        return jdbi.withHandle(h -> {
            CreditEntry grant = CreditLedger.byId(h, row.entryId()).orElseThrow();
            String key = h.createQuery("SELECT api_key FROM stripe_connections WHERE workspace_id = :ws")
                    .bind("ws", row.workspaceId()).mapTo(String.class).findOne().orElse(null);
            String sql = grant.holderType().equals(CreditHolder.CUSTOMER)
                    ? "SELECT stripe_customer_id FROM customers WHERE id = :holder AND workspace_id = :ws"
                    // A referrer is a user of the company's app: the customer whose externalId is its tenantId.
                    : "SELECT c.stripe_customer_id FROM partners p JOIN customers c ON c.workspace_id = p.workspace_id"
                            + " AND c.external_id = p.tenant_id WHERE p.id = :holder AND p.workspace_id = :ws";
            String customer = h.createQuery(sql).bind("holder", grant.holderId()).bind("ws", row.workspaceId())
                    .mapTo(String.class).findOne().orElse(null);
            return new Target(grant, key, customer);
        });
    }

    private RequestOptions options(String apiKey, String idempotencyKey) {
        return RequestOptions.builder().setApiKey(apiKey).setIdempotencyKey(idempotencyKey).build();
    }

    /** The Stripe object made; empty when the customer has no subscription to put a free period on. */
    private Optional<String> apply(CreditProvisioning row, Target t) throws StripeException {
        CreditEntry grant = t.grant();
        String key = "referly-credit-" + grant.id();
        String description = grant.description() != null ? grant.description() : "Referral credit";
        switch (grant.unit()) {
            case "months" -> {
                Optional<Subscription> sub = subscription(t);
                if (sub.isEmpty()) {
                    return Optional.empty();
                }
                String coupon = coupon(row.workspaceId(), t.apiKey(), grant.amount());
                SubscriptionUpdateParams.Builder params = SubscriptionUpdateParams.builder();
                // Keep the discounts the subscription has; add the free months.
                List<String> existing = sub.get().getDiscounts() == null ? List.of() : sub.get().getDiscounts();
                for (String d : existing) {
                    params.addDiscount(SubscriptionUpdateParams.Discount.builder().setDiscount(d).build());
                }
                params.addDiscount(SubscriptionUpdateParams.Discount.builder().setCoupon(coupon).build());
                return Optional.of(stripe.v1().subscriptions().update(sub.get().getId(), params.build(),
                        options(t.apiKey(), key)).getId());
            }
            case "days" -> {
                Optional<Subscription> sub = subscription(t);
                if (sub.isEmpty()) {
                    return Optional.empty();
                }
                long nowSeconds = clock.millis() / 1000;
                Long trialEnd = sub.get().getTrialEnd();
                long from = trialEnd != null && trialEnd > nowSeconds ? trialEnd : nowSeconds;
                String planned = "trial_end:" + (from + grant.amount() * DAY_SECONDS);
                // The first attempt's trial end is kept, so a retry sends the same request under the same key.
                jdbi.useHandle(h -> ProvisioningQueue.plan(h, row.id(), planned));
                String plan = jdbi.withHandle(h -> ProvisioningQueue.byId(h, row.workspaceId(), row.id()))
                        .map(CreditProvisioning::plan).orElse(planned);
                long end = Long.parseLong(plan.substring("trial_end:".length()));
                return Optional.of(stripe.v1().subscriptions().update(sub.get().getId(), SubscriptionUpdateParams
                        .builder().setTrialEnd(end)
                        .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE).build(),
                        options(t.apiKey(), key)).getId());
            }
            default -> {
                // A currency: a negative balance transaction is a credit the next invoices use up.
                return Optional.of(stripe.v1().customers().balanceTransactions().create(t.customer(),
                        CustomerBalanceTransactionCreateParams.builder().setAmount(-grant.amount())
                                .setCurrency(grant.unit().toLowerCase(Locale.ROOT)).setDescription(description)
                                .putMetadata("referlyCreditId", grant.id()).build(),
                        options(t.apiKey(), key)).getId());
            }
        }
    }

    /** The customer's active (else trialing) subscription. */
    private Optional<Subscription> subscription(Target t) throws StripeException {
        for (SubscriptionListParams.Status status : List.of(SubscriptionListParams.Status.ACTIVE,
                SubscriptionListParams.Status.TRIALING)) {
            List<Subscription> subs = stripe.v1().subscriptions().list(SubscriptionListParams.builder()
                    .setCustomer(t.customer()).setStatus(status).setLimit(1L).build(),
                    RequestOptions.builder().setApiKey(t.apiKey()).build()).getData();
            if (subs != null && !subs.isEmpty()) {
                return Optional.of(subs.get(0));
            }
        }
        return Optional.empty();
    }

    /** The workspace's free-months coupon for this many months, created in Stripe the first time. */
    private String coupon(String ws, String apiKey, long months) throws StripeException {
        Optional<String> known = jdbi.withHandle(h -> h.createQuery("SELECT coupon_id FROM credit_provisioning_coupons"
                        + " WHERE workspace_id = :ws AND months = :m").bind("ws", ws).bind("m", months)
                .mapTo(String.class).findOne());
        if (known.isPresent()) {
            return known.get();
        }
        // Concurrent first uses send the same Idempotency-Key, so Stripe makes one coupon.
        String id = stripe.v1().coupons().create(CouponCreateParams.builder().setPercentOff(BigDecimal.valueOf(100))
                        .setDuration(CouponCreateParams.Duration.REPEATING).setDurationInMonths(months)
                        .setName(months == 1 ? "Referral: 1 free month" : "Referral: " + months + " free months")
                        .putMetadata("referly", "free_period").build(),
                options(apiKey, "referly-coupon-" + ws + "-" + months + "m")).getId();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO credit_provisioning_coupons (workspace_id, months, coupon_id,"
                        + " created_at) VALUES (:ws, :m, :id, :now) ON CONFLICT (workspace_id, months) DO NOTHING")
                .bind("ws", ws).bind("m", months).bind("id", id).bind("now", clock.millis()).execute());
        return jdbi.withHandle(h -> h.createQuery("SELECT coupon_id FROM credit_provisioning_coupons"
                        + " WHERE workspace_id = :ws AND months = :m").bind("ws", ws).bind("m", months)
                .mapTo(String.class).one());
    }
}
