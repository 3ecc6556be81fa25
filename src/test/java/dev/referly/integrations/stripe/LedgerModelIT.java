package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The commission ledger against an independent model of its documented rules, over HTTP on both
 * stores. Each seed plays a random sequence on a fresh workspace: sales through /track/sale in five
 * currencies (odd cents, 1 cent, large amounts) and Stripe invoices with line items, duplicates of
 * both, refunds of every kind through the API and through charge.refunded, earnings edits, held
 * commissions released and rejected, custom entries and clawbacks, payout runs, completions and
 * failures. After every few steps the server's ledger must match the model entry by entry (status,
 * earnings, payout) and conserve money; the model never calls Referly's own arithmetic.
 *
 * <p>Replay one seed with {@code -Dledger.seed=N}; {@code -Dledger.seeds=K} plays K seeds (from N).
 */
class LedgerModelIT extends ServerPerStore {
    private static final int STEPS = 40;
    private static final String[] CURRENCIES = {"usd", "eur", "gbp", "jpy", "cad"};

    @Test
    void theLedgerMatchesAnIndependentModelOfItsRules() {
        Long one = Long.getLong("ledger.seed");
        long first = one != null ? one : 1;
        int seeds = Integer.getInteger("ledger.seeds", one != null ? 1 : 8);
        for (long seed = first; seed < first + seeds; seed++) {
            Run run = new Run(StripeFixture.connected(server), seed);
            try {
                run.play();
                System.out.println("ledger model, seed " + seed + ", " + store + ": " + run.seen);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("ledger model, seed " + seed + " (replay with -Dledger.seed=" + seed
                        + "), store " + store + ", step " + run.step + " " + run.lastStep + ": " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- the model

    /** One ledger entry as the rules say it must be. */
    static final class Entry {
        String id;
        final String partner;
        final Entry parent;
        final boolean refund;
        String status;
        final long earnings;
        final long amount;
        Payout payout;
        long refunded;
        final List<Entry> corrections = new ArrayList<>();

        Entry(String partner, Entry parent, boolean refund, String status, long earnings, long amount) {
            this.partner = partner;
            this.parent = parent;
            this.refund = refund;
            this.status = status;
            this.earnings = earnings;
            this.amount = amount;
        }

        boolean live() {
            return List.of("pending", "processed", "paid", "hold").contains(status);
        }
    }

    static final class Payout {
        String id;
        final String partner;
        String status = "pending";
        long amount;
        final Set<Entry> entries = new HashSet<>();

        Payout(String partner) {
            this.partner = partner;
        }
    }

    /** A sale the run made: where it came from, and its ledger entry when it earned one. */
    static final class Sale {
        final String invoice;
        final boolean stripe;
        final String charge;
        final long total;
        final long original;
        final String currency;
        Entry entry;
        long stripeSeen;
        final List<String> refundIds = new ArrayList<>();

        Sale(String invoice, boolean stripe, String charge, long total, long original, String currency) {
            this.invoice = invoice;
            this.stripe = stripe;
            this.charge = charge;
            this.total = total;
            this.original = original;
            this.currency = currency;
        }
    }

    record Customer(String partner, String externalId, String stripeId, boolean held) {}

    /** x / d rounded half-up, for x >= 0 and d > 0, in exact integers. */
    static long halfUp(BigInteger x, long d) {
        BigInteger two = BigInteger.TWO;
        return x.multiply(two).add(BigInteger.valueOf(d)).divide(BigInteger.valueOf(d).multiply(two)).longValueExact();
    }

    static long percentOf(long amount, long basisPoints) {
        return halfUp(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(basisPoints)), 10_000);
    }

    static final Map<String, Set<String>> NEXT = Map.of(
            "pending", Set.of("hold", "processed", "refunded", "duplicate", "fraud", "canceled"),
            "hold", Set.of("pending", "refunded", "duplicate", "fraud", "canceled"),
            "processed", Set.of("pending", "paid", "refunded", "duplicate", "fraud", "canceled"),
            "paid", Set.of(),
            "refunded", Set.of("pending"),
            "duplicate", Set.of("pending"),
            "fraud", Set.of("pending"),
            "canceled", Set.of("pending"));

    final class Run {
        final StripeFixture f;
        final Random random;
        final List<String> partners = new ArrayList<>();
        final List<Customer> customers = new ArrayList<>();
        final List<Sale> sales = new ArrayList<>();
        final List<Entry> entries = new ArrayList<>();
        final List<Payout> payouts = new ArrayList<>();
        int step;
        String lastStep = "set-up";
        /** What the run went through, printed so a reader sees the generator reach every case. */
        final Map<String, Integer> seen = new java.util.TreeMap<>();
        int invoices;

        Run(StripeFixture f, long seed) {
            this.f = f;
            this.random = new Random(seed);
        }

        void play() {
            for (int p = 0; p < 2; p++) {
                String[] partner = f.partnerWithLineItemReward();
                partners.add(partner[0]);
                for (boolean held : new boolean[] {false, true}) {
                    String click = f.click(partner[1], held ? "gclid=EAIaIQ" + p : null);
                    String external = "model-" + StripeFixture.next();
                    String stripeId = "cus_model" + StripeFixture.next();
                    f.deliver(f.event("customer.created", StripeFixture.customer(stripeId,
                            StripeWebhookIT.md("dubCustomerExternalId", external, "dubClickId", click))), "applied");
                    customers.add(new Customer(partner[0], external, stripeId, held));
                }
            }
            for (step = 1; step <= STEPS; step++) {
                int dice = random.nextInt(100);
                if (dice < 18) {
                    trackSale();
                } else if (dice < 22) {
                    duplicateSale();
                } else if (dice < 32) {
                    stripeInvoice();
                } else if (dice < 46) {
                    apiRefund();
                } else if (dice < 56) {
                    stripeRefund();
                } else if (dice < 61) {
                    edit();
                } else if (dice < 69) {
                    verdict();
                } else if (dice < 75) {
                    custom();
                } else if (dice < 86) {
                    runPayouts();
                } else {
                    settlePayout();
                }
                if (step % 5 == 0) {
                    verify();
                }
            }
            lastStep = "final check";
            verify();
            verifyNets();
        }

        // ------------------------------------------------------------ steps

        void saw(String what) {
            seen.merge(what, 1, Integer::sum);
        }

        Customer anyCustomer() {
            return customers.get(random.nextInt(customers.size()));
        }

        long amount() {
            return switch (random.nextInt(6)) {
                case 0 -> 1;
                case 1 -> 5;
                case 2 -> 99_999_999L;
                case 3 -> 10_000 + random.nextInt(2) * 10;
                default -> 1 + random.nextInt(200_000) * 2 + 1; // odd cents
            };
        }

        void trackSale() {
            Customer c = anyCustomer();
            String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
            long original = currency.equals("usd") ? amount() : 1_000 + random.nextInt(5_000_000);
            String invoice = "inv-model-" + (++invoices) + "-" + StripeFixture.next();
            lastStep = "track sale " + original + " " + currency + " for " + c.externalId();
            StripeFixture.ok(f.api.post("/track/sale", Map.of("customerExternalId", c.externalId(), "amount", original,
                    "currency", currency, "invoiceId", invoice)));
            Sale s = new Sale(invoice, false, null, 0, original, currency);
            sales.add(s);
            JsonNode found = f.commissions("invoiceId=" + invoice);
            if (currency.equals("usd")) {
                expectSaleEntry(s, c, original, percentOf(original, 1_000), found);
            } else {
                // Conversion is not the ledger's: the amount in USD is the server's, the earnings the model's.
                assertThat(found).as("a commission for a %s sale of %d", currency, original).hasSize(1);
                long usd = found.get(0).get("amount").asLong();
                expectSaleEntry(s, c, usd, percentOf(usd, 1_000), found);
            }
        }

        void expectSaleEntry(Sale s, Customer c, long amount, long earnings, JsonNode found) {
            saw(s.stripe ? "stripe sale" : "tracked sale");
            if (earnings == 0) {
                saw("sale earning 0");
                assertThat(found).as("a sale earning 0 records nothing").isEmpty();
                return;
            }
            assertThat(found).as("one commission for invoice " + s.invoice).hasSize(1);
            saw(c.held() ? "held sale" : "sale");
            Entry e = new Entry(c.partner(), null, false, c.held() ? "hold" : "pending", earnings, amount);
            e.id = found.get(0).get("id").asText();
            assertThat(found.get(0).get("amount").asLong()).as("amount of " + e.id).isEqualTo(amount);
            entries.add(e);
            s.entry = e;
        }

        void duplicateSale() {
            List<Sale> tracked = sales.stream().filter(s -> !s.stripe).toList();
            if (tracked.isEmpty()) {
                trackSale();
                return;
            }
            Sale s = tracked.get(random.nextInt(tracked.size()));
            Customer c = customers.get(0);
            lastStep = "duplicate track sale " + s.invoice;
            saw("duplicate tracked sale");
            StripeFixture.ok(f.api.post("/track/sale", Map.of("customerExternalId", c.externalId(), "amount",
                    s.original, "currency", s.currency, "invoiceId", s.invoice)));
        }

        void stripeInvoice() {
            Customer c = anyCustomer();
            List<Object[]> lines = new ArrayList<>();
            long total = 0;
            long earnings = 0;
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                boolean gold = random.nextBoolean();
                long amount = random.nextInt(4) == 0 ? 1 + random.nextInt(9) : 1 + random.nextInt(300_000);
                lines.add(new Object[] {gold ? "prod_gold" : "prod_silver", amount});
                total += amount;
                earnings += percentOf(amount, gold ? 4_000 : 1_000); // each line rounded on its own
            }
            ObjectNode invoice = StripeFixture.invoice(c.stripeId(), lines);
            String charge = "ch_model" + StripeFixture.next();
            invoice.put("charge", charge);
            String id = invoice.get("id").asText();
            lastStep = "stripe invoice " + id + " of " + total + " in " + lines.size() + " lines";
            f.deliver(f.event("invoice.paid", invoice), "applied");
            Sale s = new Sale(id, true, charge, total, total, "usd");
            sales.add(s);
            expectSaleEntry(s, c, total, earnings, f.commissions("invoiceId=" + id));
            if (random.nextInt(3) == 0) {
                lastStep = "duplicate stripe invoice " + id;
                saw("duplicate stripe invoice");
                f.deliver(f.event("invoice.paid", invoice), "applied"); // a second event for the same invoice
            }
        }

        Sale anySale(boolean stripeOnly) {
            List<Sale> candidates = sales.stream().filter(s -> !stripeOnly || s.stripe).toList();
            return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
        }

        void apiRefund() {
            Sale s = anySale(false);
            if (s == null || s.entry == null) {
                trackSale();
                return;
            }
            Entry e = s.entry;
            long left = e.amount - e.refunded;
            int kind = random.nextInt(6);
            String refundId;
            long amount;
            if (kind == 0 && !s.refundIds.isEmpty()) {
                saw("api refund id repeated");
                refundId = s.refundIds.get(random.nextInt(s.refundIds.size()));
                amount = 1;
            } else {
                refundId = "re_" + StripeFixture.next();
                amount = switch (kind) {
                    case 1 -> left + 1 + random.nextInt(1_000); // beyond what is left
                    case 2 -> 1;
                    case 3 -> Math.max(left, 1);
                    default -> left <= 1 ? 1 : 1 + random.nextInt((int) Math.min(left - 1, Integer.MAX_VALUE - 1));
                };
            }
            lastStep = "API refund " + amount + " (" + refundId + ") of " + e.id + ", " + e.refunded + " of "
                    + e.amount + " refunded, " + e.status;
            Http.Response r = f.api.post("/commissions/refunds", Map.of("invoiceId", s.invoice, "amount", amount,
                    "refundId", refundId));
            if (amount > e.amount) {
                saw("api refund beyond the sale 422");
                assertThat(r.status()).as(r.toString()).isEqualTo(422);
                return;
            }
            if (s.refundIds.contains(refundId) || voided(e)) {
                saw(voided(e) ? "api refund of a rejected entry" : "api refund repeated");
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.json().get("outcome").asText()).isEqualTo("unchanged");
                return;
            }
            if (amount > left) {
                saw("api refund beyond what is left 422");
                assertThat(r.status()).as(r.toString()).isEqualTo(422);
                assertThat(r.json().at("/error/message").asText()).startsWith("amount:");
                return;
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String correction = applyRefund(e, e.refunded + amount);
            if (correction != null) {
                // A refund id is known by its correction; a full refund marks the entry instead, so
                // once that is undone a repeat of its id is judged like any refund (nothing is left).
                s.refundIds.add(refundId);
                entries.get(entries.size() - 1).id = r.json().at("/correction/id").asText();
            }
            assertThat(r.json().get("outcome").asText()).isEqualTo(correction == null ? "refunded" : correction);
            saw("api refund " + (correction == null ? "refunded" : correction));
        }

        void stripeRefund() {
            Sale s = anySale(true);
            if (s == null) {
                stripeInvoice();
                return;
            }
            long cumulative = switch (random.nextInt(4)) {
                case 0 -> s.total;
                case 1 -> s.stripeSeen; // a repeated event
                default -> s.stripeSeen + (s.total - s.stripeSeen <= 1 ? 1 : 1 + random.nextLong(s.total - s.stripeSeen));
            };
            cumulative = Math.max(1, Math.min(cumulative, s.total));
            lastStep = "charge.refunded " + cumulative + " of " + s.total + " on " + s.invoice;
            f.deliver(f.event("charge.refunded", StripeFixture.charge(s.charge, null, s.total, cumulative)), "applied");
            if (cumulative <= s.stripeSeen) {
                saw("charge.refunded repeated");
                return;
            }
            s.stripeSeen = cumulative;
            Entry e = s.entry;
            if (e == null || voided(e) || cumulative <= e.refunded) {
                return;
            }
            String correction = applyRefund(e, cumulative);
            saw("charge.refunded " + (correction == null ? "refunded" : correction));
            if (correction != null) {
                Entry added = entries.get(entries.size() - 1);
                JsonNode list = f.commissions("invoiceId=" + s.invoice + "&sortOrder=asc&pageSize=100");
                added.id = list.get(list.size() - 1).get("id").asText();
            }
        }

        boolean voided(Entry e) {
            return !e.status.equals("paid") && !e.status.equals("pending") && !e.status.equals("processed")
                    && !e.status.equals("hold");
        }

        /**
         * The refund rule: unpaid and refunded in full, the entry is refunded (corrections follow);
         * otherwise one correction brings the refund corrections to the earnings on what remains
         * (rounded once) less the earnings. Returns the outcome, or null when it became refunded.
         */
        String applyRefund(Entry e, long after) {
            e.refunded = after;
            boolean paid = e.status.equals("paid");
            if (!paid && after == e.amount) {
                changeStatus(e, "refunded");
                return null;
            }
            long base = e.earnings;
            long recorded = 0;
            for (Entry x : e.corrections) {
                if (x.live()) {
                    if (x.refund) {
                        recorded += x.earnings;
                    } else {
                        base += x.earnings;
                    }
                }
            }
            long remaining = base >= 0
                    ? halfUp(BigInteger.valueOf(base).multiply(BigInteger.valueOf(e.amount - after)), e.amount)
                    : -halfUp(BigInteger.valueOf(-base).multiply(BigInteger.valueOf(e.amount - after)), e.amount);
            long clawed = remaining - base - recorded;
            Entry x = new Entry(e.partner, e, true, e.status.equals("hold") ? "hold" : "pending", clawed, 0);
            e.corrections.add(x);
            entries.add(x);
            return paid ? "clawback" : "corrected";
        }

        /** A commission's move, and its corrections following it. */
        void changeStatus(Entry e, String to) {
            String from = e.status;
            e.status = to;
            if (from.equals("processed") && !to.equals("paid")) {
                leavePayout(e);
            }
            for (Entry x : e.corrections) {
                boolean open = x.status.equals("pending") || x.status.equals("hold")
                        || (x.status.equals("processed") && x.payout.status.equals("pending"));
                boolean sharedVerdict = to.equals("pending") && x.status.equals(from)
                        && List.of("refunded", "duplicate", "fraud", "canceled").contains(from);
                if (x.status.equals(to) || !(open || sharedVerdict) || !NEXT.get(x.status).contains(to)) {
                    continue;
                }
                String was = x.status;
                x.status = to;
                if (was.equals("processed")) {
                    leavePayout(x);
                }
            }
        }

        void leavePayout(Entry e) {
            Payout p = e.payout;
            e.payout = null;
            p.entries.remove(e);
            if (p.status.equals("pending")) {
                p.amount = p.entries.stream().mapToLong(x -> x.earnings).sum();
                if (p.entries.isEmpty()) {
                    saw("emptied payout canceled");
                    p.status = "canceled";
                }
            }
        }

        void edit() {
            List<Entry> editable = entries.stream().filter(e -> e.parent == null && e.amount > 0
                    && (e.status.equals("pending") || e.status.equals("hold")
                    || (e.status.equals("processed") && e.payout.status.equals("pending")))).toList();
            if (editable.isEmpty()) {
                custom();
                return;
            }
            Entry e = editable.get(random.nextInt(editable.size()));
            long current = e.earnings + e.corrections.stream().filter(Entry::live).mapToLong(x -> x.earnings).sum();
            long wanted = Math.max(0, current - random.nextInt(300) + 100);
            lastStep = "edit " + e.id + " earnings " + current + " -> " + wanted;
            Http.Response r = f.api.patch("/commissions/" + e.id, Map.of("earnings", wanted));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (wanted == current) {
                return;
            }
            saw("edit");
            Entry x = new Entry(e.partner, e, false, e.status.equals("hold") ? "hold" : "pending", wanted - current, 0);
            x.id = r.json().get("id").asText();
            e.corrections.add(x);
            entries.add(x);
        }

        void verdict() {
            // Anything but paid: processed entries are in a pending payout in this model.
            List<Entry> tops = entries.stream().filter(e -> e.parent == null && e.amount > 0
                    && !e.status.equals("paid")).toList();
            if (tops.isEmpty()) {
                trackSale();
                return;
            }
            Entry e = tops.get(random.nextInt(tops.size()));
            String to = !e.status.equals("pending")
                    ? (random.nextBoolean() ? "pending" : List.of("fraud", "duplicate", "canceled").get(random.nextInt(3)))
                    : List.of("fraud", "duplicate", "canceled").get(random.nextInt(3));
            lastStep = "status " + e.id + " " + e.status + " -> " + to;
            Http.Response r = f.api.patch("/commissions/" + e.id, Map.of("status", to));
            saw(e.status + " -> " + to);
            if (!NEXT.get(e.status).contains(to) && !e.status.equals(to)) {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                return;
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (!e.status.equals(to)) {
                changeStatus(e, to);
            }
        }

        void custom() {
            String partner = partners.get(random.nextInt(partners.size()));
            long earnings = random.nextInt(4) == 0 ? -(1 + random.nextInt(5_000)) : 1 + random.nextInt(20_000);
            lastStep = "custom " + earnings + " for " + partner;
            Http.Response r = f.api.post("/commissions", Map.of("partnerId", partner, "amount", earnings));
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            saw(earnings < 0 ? "custom clawback" : "custom");
            Entry e = new Entry(partner, null, false, "pending", earnings, 0);
            e.id = r.json().get("id").asText();
            entries.add(e);
        }

        boolean payable(Entry e) {
            if (!e.status.equals("pending")) {
                return false;
            }
            if (e.parent == null) {
                return true; // no holding period in these groups, and negative entries net at once anyway
            }
            return List.of("pending", "processed", "paid").contains(e.parent.status);
        }

        void runPayouts() {
            lastStep = "payout run";
            Http.Response r = f.api.post("/payouts/run", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            List<Payout> touched = new ArrayList<>();
            for (String partner : partners) {
                List<Entry> due = entries.stream().filter(e -> e.partner.equals(partner) && payable(e)).toList();
                if (due.isEmpty()) {
                    continue;
                }
                long sum = due.stream().mapToLong(e -> e.earnings).sum();
                Payout pending = payouts.stream().filter(p -> p.partner.equals(partner) && p.status.equals("pending"))
                        .findFirst().orElse(null);
                if (pending == null ? sum <= 0 : pending.amount + sum <= 0) {
                    continue;
                }
                if (pending == null) {
                    pending = new Payout(partner);
                    payouts.add(pending);
                }
                for (Entry e : due) {
                    e.status = "processed";
                    e.payout = pending;
                    pending.entries.add(e);
                }
                pending.amount = pending.entries.stream().mapToLong(e -> e.earnings).sum();
                touched.add(pending);
                saw("payout made or topped up");
            }
            assertThat(r.json()).as("payouts touched").hasSize(touched.size());
            Map<String, String> payoutOf = new HashMap<>();
            for (JsonNode p : r.json()) {
                payoutOf.put(p.at("/partner/id").asText(), p.get("id").asText());
            }
            for (Payout p : touched) {
                if (p.id == null) {
                    p.id = payoutOf.get(p.partner);
                }
                assertThat(payoutOf.get(p.partner)).as("payout of " + p.partner).isEqualTo(p.id);
            }
        }

        void settlePayout() {
            List<Payout> pending = payouts.stream().filter(p -> p.status.equals("pending")).toList();
            if (pending.isEmpty()) {
                runPayouts();
                return;
            }
            Payout p = pending.get(random.nextInt(pending.size()));
            String to = random.nextInt(4) == 0 ? "failed" : "completed";
            lastStep = "payout " + p.id + " -> " + to;
            StripeFixture.ok(f.api.patch("/payouts/" + p.id, Map.of("status", to)));
            p.status = to;
            saw("payout " + to);
            for (Entry e : List.copyOf(p.entries)) {
                if (to.equals("completed")) {
                    e.status = "paid";
                } else {
                    e.status = "pending";
                    e.payout = null;
                    p.entries.remove(e);
                }
            }
        }

        // ------------------------------------------------------------ checks

        List<JsonNode> serverEntries() {
            List<JsonNode> all = new ArrayList<>();
            for (int page = 1; ; page++) {
                JsonNode batch = f.commissions("pageSize=100&sortOrder=asc&page=" + page);
                batch.forEach(all::add);
                if (batch.size() < 100) {
                    return all;
                }
            }
        }

        void verify() {
            Map<String, JsonNode> server = new LinkedHashMap<>();
            for (JsonNode c : serverEntries()) {
                server.put(c.get("id").asText(), c);
            }
            Map<String, Entry> model = new LinkedHashMap<>();
            entries.forEach(e -> model.put(e.id, e));
            assertThat(server.keySet()).as("the ledger's entries (duplicates create nothing)")
                    .containsExactlyInAnyOrderElementsOf(model.keySet());
            for (Entry e : entries) {
                JsonNode c = server.get(e.id);
                String what = "entry " + e.id + (e.parent == null ? "" : " correcting " + e.parent.id);
                assertThat(c.get("earnings").asLong()).as(what + " earnings").isEqualTo(e.earnings);
                assertThat(c.get("status").asText()).as(what + " status").isEqualTo(e.status);
                assertThat(c.get("partner").get("id").asText()).as(what + " partner").isEqualTo(e.partner);
                assertThat(c.get("correctsId").isNull() ? null : c.get("correctsId").asText()).as(what + " corrects")
                        .isEqualTo(e.parent == null ? null : e.parent.id);
                String payout = c.get("payoutId").isNull() ? null : c.get("payoutId").asText();
                assertThat(payout).as(what + " payout").isEqualTo(e.payout == null ? null : e.payout.id);
            }
            JsonNode serverPayouts = StripeFixture.ok(f.api.get("/payouts?pageSize=100"));
            assertThat(serverPayouts).as("payouts").hasSize(payouts.size());
            Map<String, JsonNode> byId = new HashMap<>();
            serverPayouts.forEach(p -> byId.put(p.get("id").asText(), p));
            long completed = 0;
            long inPending = 0;
            for (Payout p : payouts) {
                JsonNode s = byId.get(p.id);
                assertThat(s).as("payout " + p.id).isNotNull();
                assertThat(s.get("status").asText()).as("payout " + p.id + " status").isEqualTo(p.status);
                assertThat(s.get("amount").asLong()).as("payout " + p.id + " amount").isEqualTo(p.amount);
                completed += p.status.equals("completed") ? s.get("amount").asLong() : 0;
                inPending += p.status.equals("pending") ? s.get("amount").asLong() : 0;
            }
            // Conservation, from the server's figures alone.
            long net = 0;
            long payablePending = 0;
            long held = 0;
            long clawbacksOutstanding = 0;
            for (JsonNode c : server.values()) {
                long earnings = c.get("earnings").asLong();
                switch (c.get("status").asText()) {
                    case "pending" -> {
                        net += earnings;
                        if (earnings >= 0) {
                            payablePending += earnings;
                        } else {
                            clawbacksOutstanding -= earnings;
                        }
                    }
                    case "hold" -> {
                        net += earnings;
                        held += earnings;
                    }
                    case "processed", "paid" -> net += earnings;
                    default -> { }
                }
            }
            assertThat(net).as("net earnings = completed payouts + pending payouts + payable pending + held"
                    + " - clawbacks outstanding").isEqualTo(completed + inPending + payablePending + held
                    - clawbacksOutstanding);
        }

        void verifyNets() {
            for (String partner : partners) {
                long counted = entries.stream().filter(e -> e.partner.equals(partner)
                        && List.of("pending", "processed", "paid").contains(e.status)).mapToLong(e -> e.earnings).sum();
                assertThat(StripeFixture.ok(f.api.get("/partners/" + partner)).get("totalCommissions").asLong())
                        .as("net of partner " + partner).isEqualTo(counted);
            }
            for (Entry e : entries) {
                if (e.parent != null) {
                    continue;
                }
                long net = (e.live() ? e.earnings : 0)
                        + e.corrections.stream().filter(Entry::live).mapToLong(x -> x.earnings).sum();
                assertThat(StripeFixture.ok(f.api.get("/commissions/" + e.id)).get("netEarnings").asLong())
                        .as("netEarnings of " + e.id).isEqualTo(net);
            }
            // No commission in two payouts: each payout's entries are its own.
            Set<String> seen = new HashSet<>();
            for (Payout p : payouts) {
                for (JsonNode c : f.commissions("pageSize=100&payoutId=" + p.id)) {
                    assertThat(seen.add(c.get("id").asText())).as(c.get("id").asText() + " in two payouts").isTrue();
                }
            }
        }
    }
}
