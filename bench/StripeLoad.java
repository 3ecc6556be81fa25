// Load generator for bench/stripe: signed Stripe webhook events posted to a running Referly.
// Run from the repository root (Jackson comes from the jar):
//   java -cp target/referly.jar bench/StripeLoad.java setup  BASE WORKSPACE SECRET CLICKS_FILE CONCURRENCY TAG
//   java -cp target/referly.jar bench/StripeLoad.java events BASE WORKSPACE SECRET CUSTOMERS SECONDS CONCURRENCY TAG
//
// setup:  one customer.created per click id in CLICKS_FILE (Stripe customer cus_bench_<i>, metadata
//         dubCustomerExternalId + dubClickId): each binds a new Referly customer to its click.
// events: for SECONDS, CONCURRENCY senders post, each request a new delivery:
//           85%  invoice.paid       a new invoice of $99 (prod_gold $60 + prod_basic $39 lines) for
//                                   the next of the CUSTOMERS bound Stripe customers: a sale with a
//                                   line-item commission;
//           10%  charge.refunded    a $10 partial refund of an invoice applied earlier in this run;
//            5%  a redelivery       of an event already answered (Stripe retrying): acknowledged as
//                                   a duplicate, nothing recorded.
//         Signing happens per request (HMAC-SHA256 of "t.payload", as Stripe does); the phase ends
//         when SECONDS are up and every request sent has been answered.
// Prints one line:
//   stripe-summary: phase=.. sent=.. ok=.. non200=.. applied=.. duplicate=.. waiting=.. ignored=..
//     invoices=.. refunds=.. redeliveries=.. seconds=.. rate=.. p50_ms=.. p99_ms=.. max_ms=..
// invoices = invoice.paid answers "applied" and not duplicate (each is one recorded sale).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class StripeLoad {
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpClient client;
    static String url;
    static String secret;
    static String tag;

    static final AtomicLong seq = new AtomicLong();
    static final AtomicLong ok = new AtomicLong(), non200 = new AtomicLong(), applied = new AtomicLong(),
            duplicate = new AtomicLong(), waiting = new AtomicLong(), ignored = new AtomicLong(),
            invoices = new AtomicLong(), refunds = new AtomicLong(), redeliveries = new AtomicLong();
    /** Charges of invoices applied in this run, each refunded at most once. */
    static final ConcurrentLinkedQueue<String[]> refundable = new ConcurrentLinkedQueue<>();
    /** Payloads answered already, for redeliveries. */
    static final AtomicReferenceArray<String> answered = new AtomicReferenceArray<>(1024);

    public static void main(String[] args) throws Exception {
        String phase = args[0];
        url = args[1] + "/integrations/stripe/webhook/" + args[2];
        secret = args[3];
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        long start = System.nanoTime();
        List<long[]> latencies = new ArrayList<>();
        if (phase.equals("setup")) {
            List<String> clicks = Files.readAllLines(Path.of(args[4])).stream().filter(s -> !s.isBlank()).toList();
            int concurrency = Integer.parseInt(args[5]);
            tag = args[6];
            run(concurrency, latencies, i -> i < clicks.size()
                    ? customerCreated(i, clicks.get((int) i)) : null, Long.MAX_VALUE);
        } else {
            int customers = Integer.parseInt(args[4]);
            long seconds = Long.parseLong(args[5]);
            int concurrency = Integer.parseInt(args[6]);
            tag = args[7];
            long deadline = start + seconds * 1_000_000_000L;
            run(concurrency, latencies, i -> next(i, customers), deadline);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v >= 0).sorted().toArray();
        long sent = ok.get() + non200.get();
        System.out.printf("stripe-summary: phase=%s sent=%d ok=%d non200=%d applied=%d duplicate=%d waiting=%d ignored=%d"
                        + " invoices=%d refunds=%d redeliveries=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                phase, sent, ok.get(), non200.get(), applied.get(), duplicate.get(), waiting.get(), ignored.get(),
                invoices.get(), refunds.get(), redeliveries.get(), secs, sent / secs, pct(all, 50), pct(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    interface Source {
        /** The request of number {@code i}: {kind, payload}, or null when there are no more. */
        String[] get(long i) throws Exception;
    }

    static void run(int concurrency, List<long[]> latencies, Source source, long deadline) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            long[] mine = new long[1 << 18];
            Arrays.fill(mine, -1);
            latencies.add(mine);
            threads.add(Thread.ofVirtual().start(() -> {
                int k = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        String[] req = source.get(seq.getAndIncrement());
                        if (req == null) {
                            return;
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = send(req[1]);
                        long took = System.nanoTime() - t0;
                        if (k < mine.length) {
                            mine[k++] = took;
                        }
                        count(req, r);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static HttpResponse<String> send(String payload) throws Exception {
        long t = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = HexFormat.of().formatHex(mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Stripe-Signature", "t=" + t + ",v1=" + sig)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void count(String[] req, HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 200) {
            if (non200.incrementAndGet() <= 3) {
                System.err.println("StripeLoad: HTTP " + r.statusCode() + ": " + r.body());
            }
            return;
        }
        ok.incrementAndGet();
        JsonNode body = JSON.readTree(r.body());
        String state = body.path("state").asText();
        boolean dup = body.path("duplicate").asBoolean();
        if (dup) {
            duplicate.incrementAndGet();
        }
        switch (state) {
            case "applied" -> applied.incrementAndGet();
            case "waiting" -> waiting.incrementAndGet();
            case "ignored" -> ignored.incrementAndGet();
            default -> { }
        }
        switch (req[0]) {
            case "invoice" -> {
                if (state.equals("applied") && !dup) {
                    invoices.incrementAndGet();
                    refundable.add(new String[] {req[2], req[3]});
                }
            }
            case "refund" -> refunds.incrementAndGet();
            case "redelivery" -> redeliveries.incrementAndGet();
            default -> { }
        }
        answered.set((int) (Math.abs(req[1].hashCode()) % answered.length()), req[1]);
    }

    static String[] next(long i, int customers) throws Exception {
        if (i % 20 == 7) {
            String again = answered.get((int) (i % answered.length()));
            if (again != null) {
                return new String[] {"redelivery", again};
            }
        }
        if (i % 10 == 3) {
            String[] charge = refundable.poll();
            if (charge != null) {
                return new String[] {"refund", event("charge.refunded", i, charge(charge[0], charge[1]))};
            }
        }
        String customer = "cus_bench_" + (i % customers);
        String invoice = "in_b" + tag + "_" + i;
        String charge = "ch_b" + tag + "_" + i;
        return new String[] {"invoice", event("invoice.paid", i, invoice(invoice, customer, charge)), charge, invoice};
    }

    static String[] customerCreated(long i, String clickId) throws Exception {
        String customer = CUSTOMER.replace("$ID", "cus_bench_" + i).replace("$EXT", "bench-" + i)
                .replace("$CLICK", clickId);
        return new String[] {"customer", event("customer.created", i, customer)};
    }

    static String event(String type, long i, String object) {
        return EVENT.replace("$ID", "evt_b" + tag + "_" + type.replace('.', '_') + "_" + i).replace("$TYPE", type)
                .replace("$CREATED", Long.toString(System.currentTimeMillis() / 1000)).replace("$OBJECT", object);
    }

    static String invoice(String id, String customer, String charge) {
        return INVOICE.replace("$ID", id).replace("$CUSTOMER", customer).replace("$CHARGE", charge);
    }

    static String charge(String charge, String invoice) {
        return CHARGE.replace("$ID", charge).replace("$INVOICE", invoice);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
    }

    // Shapes of Stripe's own objects (stripe/openapi fixtures), with the fields a real payload carries.
    static final String EVENT = """
            {"id":"$ID","object":"event","api_version":"2024-06-20","created":$CREATED,"livemode":true,\
            "pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"$TYPE","data":{"object":$OBJECT}}""";

    static final String CUSTOMER = """
            {"id":"$ID","object":"customer","address":null,"balance":0,"created":1721948530,"currency":"usd",\
            "default_source":null,"delinquent":false,"description":null,"discount":null,"email":"$EXT@customer.example",\
            "invoice_prefix":"7FE1103","invoice_settings":{"custom_fields":null,"default_payment_method":null,\
            "footer":null,"rendering_options":null},"livemode":true,"metadata":{"dubCustomerExternalId":"$EXT",\
            "dubClickId":"$CLICK"},"name":"Bench $EXT","next_invoice_sequence":1,"phone":null,"preferred_locales":[],\
            "shipping":null,"tax_exempt":"none","test_clock":null}""";

    static final String LINE = """
            {"id":"il_$N","object":"line_item","amount":$AMOUNT,"currency":"usd","description":"1 x $PRODUCT",\
            "discount_amounts":[],"discountable":true,"discounts":[],"invoice":"$ID","livemode":true,"metadata":{},\
            "period":{"end":1724626930,"start":1721948530},"price":{"id":"price_$PRODUCT","object":"price",\
            "active":true,"billing_scheme":"per_unit","currency":"usd","product":"$PRODUCT","recurring":\
            {"interval":"month","interval_count":1,"usage_type":"licensed"},"type":"recurring","unit_amount":$AMOUNT},\
            "proration":false,"quantity":1,"subscription":"sub_bench","type":"subscription"}""";

    static final String INVOICE = """
            {"id":"$ID","object":"invoice","account_country":"US","account_name":"Bench","amount_due":9900,\
            "amount_paid":9900,"amount_remaining":0,"attempt_count":1,"attempted":true,"auto_advance":false,\
            "billing_reason":"subscription_cycle","charge":"$CHARGE","collection_method":"charge_automatically",\
            "created":1721948530,"currency":"usd","customer":"$CUSTOMER","customer_email":null,"customer_name":null,\
            "discount":null,"discounts":[],"lines":{"object":"list","data":[""" + LINE.replace("$N", "1")
            .replace("$AMOUNT", "6000").replace("$PRODUCT", "prod_gold") + "," + LINE.replace("$N", "2")
            .replace("$AMOUNT", "3900").replace("$PRODUCT", "prod_basic") + """
            ],"has_more":false,"total_count":2,"url":"/v1/invoices/$ID/lines"},"livemode":true,"metadata":{},\
            "paid":true,"payment_intent":"pi_$CHARGE","period_end":1724626930,"period_start":1721948530,\
            "status":"paid","subscription":"sub_bench","subtotal":9900,"subtotal_excluding_tax":9900,"tax":null,\
            "total":9900,"total_excluding_tax":9900,"total_tax_amounts":[]}""";

    static final String CHARGE = """
            {"id":"$ID","object":"charge","amount":9900,"amount_captured":9900,"amount_refunded":1000,\
            "balance_transaction":"txn_bench","billing_details":{"email":null,"name":null},"captured":true,\
            "created":1721948530,"currency":"usd","customer":null,"description":null,"disputed":false,\
            "invoice":"$INVOICE","livemode":true,"metadata":{},"paid":true,"payment_intent":"pi_$ID",\
            "payment_method":"pm_bench","refunded":false,"status":"succeeded"}""";
}
