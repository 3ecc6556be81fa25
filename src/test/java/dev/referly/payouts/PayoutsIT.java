package dev.referly.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.ProgramFixture;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Payouts through HTTP on both stores; each test has its own workspace. */
class PayoutsIT extends ServerPerStore {
    static String custom(ProgramFixture f, String partner, long earnings) {
        Http.Response r = f.api.post("/commissions", Map.of("partnerId", partner, "amount", earnings));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    @Test
    void aRunWaitsForTheHoldingPeriodAndTheMinimumThenPaysOnePayoutPerPartner() {
        ProgramFixture f = ProgramFixture.create(server);
        f.minPayout(1_000);
        String held = f.group(7);
        String rich = f.partner(held, "rich@partner.dev");
        String poor = f.partner(held, "poor@partner.dev");
        String first = custom(f, rich, 800);
        custom(f, rich, 700);
        custom(f, poor, 900); // under the minimum
        assertThat(f.api.post("/payouts/run", Map.of()).json()).isEmpty(); // still in the holding period
        Duration moved = Duration.ofDays(7).plusMinutes(1);
        server.clock().advance(moved);
        try {
            Http.Response run = f.api.post("/payouts/run", Map.of());
            assertThat(run.status()).as(run.toString()).isEqualTo(200);
            JsonNode payouts = run.json();
            assertThat(payouts).hasSize(1);
            JsonNode p = payouts.get(0);
            assertThat(p.get("id").asText()).startsWith("po_");
            assertThat(p.get("amount").asLong()).isEqualTo(1_500);
            assertThat(p.get("currency").asText()).isEqualTo("usd");
            assertThat(p.get("status").asText()).isEqualTo("pending");
            assertThat(p.get("invoiceId").isNull()).isTrue();
            assertThat(p.at("/partner/id").asText()).isEqualTo(rich);
            assertThat(p.at("/partner/email").asText()).isEqualTo("rich@partner.dev");
            assertThat(p.has("periodStart") && p.has("periodEnd") && p.has("paidAt") && p.has("initiatedAt")
                    && p.has("mode") && p.has("method")).isTrue();
            assertThat(p.get("commissions").asInt()).isEqualTo(2);
            assertThat(f.api.get("/commissions/" + first).json().get("status").asText()).isEqualTo("processed");
            assertThat(f.commissions("payoutId=" + p.get("id").asText())).hasSize(2);
            assertThat(f.api.post("/payouts/run", Map.of()).json()).isEmpty(); // nothing new

            // a new commission past its holding period joins the same pending payout
            custom(f, rich, 300);
            server.clock().advance(Duration.ofDays(8));
            moved = moved.plusDays(8);
            JsonNode again = f.api.post("/payouts/run", Map.of()).json();
            assertThat(again).hasSize(1);
            assertThat(again.get(0).get("id").asText()).isEqualTo(p.get("id").asText());
            assertThat(again.get(0).get("amount").asLong()).isEqualTo(1_800);
            assertThat(f.api.get("/payouts?status=pending").json()).hasSize(1);
            assertThat(f.api.get("/payouts?partnerId=" + poor).json()).isEmpty();
        } finally {
            server.clock().advance(moved.negated());
        }
    }

    /** 86400000 x days overflowed PostgreSQL's int4 from 25 days on, and new groups hold for 30 by default. */
    @Test
    void realHoldingPeriodsOfThirtyAndNinetyDaysPayWhenTheyEnd() {
        ProgramFixture f = ProgramFixture.create(server);
        Http.Response created = f.api.post("/groups", Map.of("name", "Default hold", "slug", "default-hold"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("holdingPeriodDays").asInt()).isEqualTo(30);
        String thirty = f.partner(created.json().get("id").asText(), "thirty@partner.dev");
        String ninety = f.partner(f.group(90), "ninety@partner.dev");
        custom(f, thirty, 1_000);
        custom(f, ninety, 2_000);
        Duration moved = Duration.ZERO;
        try {
            Http.Response early = f.api.post("/payouts/run", Map.of());
            assertThat(early.status()).as(early.toString()).isEqualTo(200);
            assertThat(early.json()).isEmpty();
            server.clock().advance(Duration.ofDays(30).plusMinutes(1));
            moved = moved.plusDays(30).plusMinutes(1);
            Http.Response month = f.api.post("/payouts/run", Map.of());
            assertThat(month.status()).as(month.toString()).isEqualTo(200);
            assertThat(month.json()).extracting(p -> p.at("/partner/id").asText()).containsExactly(thirty);
            assertThat(month.json().get(0).get("amount").asLong()).isEqualTo(1_000);
            server.clock().advance(Duration.ofDays(60));
            moved = moved.plusDays(60);
            Http.Response quarter = f.api.post("/payouts/run", Map.of());
            assertThat(quarter.status()).as(quarter.toString()).isEqualTo(200);
            assertThat(quarter.json()).extracting(p -> p.at("/partner/id").asText()).containsExactly(ninety);
            assertThat(quarter.json().get(0).get("amount").asLong()).isEqualTo(2_000);
        } finally {
            server.clock().advance(moved.negated());
        }
    }

    @Test
    void completingPaysTheCommissionsAndFailingReturnsThemToPending() {
        ProgramFixture f = ProgramFixture.create(server);
        String a = f.partner(f.defaultGroupId, "a@partner.dev");
        String b = f.partner(f.defaultGroupId, "b@partner.dev");
        String ca = custom(f, a, 1_000);
        String cb = custom(f, b, 2_000);
        JsonNode run = f.api.post("/payouts/run", Map.of()).json();
        assertThat(run).hasSize(2);
        String pa = f.api.get("/commissions/" + ca).json().get("payoutId").asText();
        String pb = f.api.get("/commissions/" + cb).json().get("payoutId").asText();

        Http.Response sent = f.api.patch("/payouts/" + pa, Map.of("status", "sent", "method", "paypal"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("method").asText()).isEqualTo("paypal");
        Http.Response done = f.api.patch("/payouts/" + pa, Map.of("status", "completed"));
        assertThat(done.json().get("status").asText()).isEqualTo("completed");
        assertThat(done.json().get("paidAt").asText()).isEqualTo(server.clock().instant().toString());
        assertThat(f.api.get("/commissions/" + ca).json().get("status").asText()).isEqualTo("paid");
        assertThat(f.api.patch("/payouts/" + pa, Map.of("status", "failed")).status()).isEqualTo(409);

        Http.Response failed = f.api.patch("/payouts/" + pb, Map.of("status", "failed", "failureReason", "bank said no"));
        assertThat(failed.json().get("failureReason").asText()).isEqualTo("bank said no");
        JsonNode back = f.api.get("/commissions/" + cb).json();
        assertThat(back.get("status").asText()).isEqualTo("pending");
        assertThat(back.get("payoutId").isNull()).isTrue();
        JsonNode retry = f.api.post("/payouts/run", Map.of()).json();
        assertThat(retry).hasSize(1);
        assertThat(retry.get(0).get("id").asText()).isNotEqualTo(pb);
        assertThat(retry.get(0).get("amount").asLong()).isEqualTo(2_000);
    }

    @Test
    void takingACommissionOutOfAPendingPayoutLowersIt() {
        ProgramFixture f = ProgramFixture.create(server);
        String p = f.partner(f.defaultGroupId, "out@partner.dev");
        String keep = custom(f, p, 1_000);
        String drop = custom(f, p, 400);
        String payout = f.api.post("/payouts/run", Map.of()).json().get(0).get("id").asText();
        assertThat(f.api.patch("/commissions/" + drop, Map.of("status", "duplicate")).status()).isEqualTo(200);
        assertThat(f.api.get("/payouts/" + payout).json().get("amount").asLong()).isEqualTo(1_000);
        assertThat(f.api.get("/commissions/" + drop).json().get("payoutId").isNull()).isTrue();
        assertThat(f.api.get("/commissions/" + keep).json().get("status").asText()).isEqualTo("processed");
    }

    @Test
    void concurrentRunsNeverPutACommissionInTwoPayouts() throws Exception {
        ProgramFixture f = ProgramFixture.create(server);
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String p = f.partner(f.defaultGroupId, "c" + i + "@partner.dev");
            partners.add(p);
            for (int j = 0; j < 4; j++) {
                custom(f, p, 100);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(() -> f.api.post("/payouts/run", Map.of()).status());
            }
            for (Future<Integer> r : pool.invokeAll(runs)) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode payouts = f.api.get("/payouts").json();
        assertThat(payouts).hasSize(5);
        for (JsonNode p : payouts) {
            assertThat(p.get("amount").asLong()).isEqualTo(400);
            assertThat(f.commissions("payoutId=" + p.get("id").asText())).hasSize(4);
        }
        assertThat(f.commissions("status=processed")).hasSize(20);
    }

    @Test
    void exportsPayoutsAsCsv() {
        ProgramFixture f = ProgramFixture.create(server);
        String p = f.partner(f.defaultGroupId, "csv@partner.dev");
        Http.Response renamed = f.api.patch("/partners/" + p, Map.of("name", "=Smith, \"Jo\""));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        custom(f, p, 12_345);
        String id = f.api.post("/payouts/run", Map.of()).json().get(0).get("id").asText();
        Http.Response csv = f.api.get("/payouts/export?status=pending");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("payoutId,partnerId,partnerName,partnerEmail,amount,currency,periodStart,"
                + "periodEnd,method,status");
        String at = server.clock().instant().toString();
        assertThat(lines[1]).isEqualTo(id + "," + p + ",\"'=Smith, \"\"Jo\"\"\",csv@partner.dev,123.45,usd," + at + ","
                + at + ",,pending");
        assertThat(lines).hasSize(2);
        assertThat(f.api.get("/payouts/" + id + "/export").body().split("\r\n")).hasSize(2);
        assertThat(f.api.get("/payouts/export?status=completed").body().split("\r\n")).hasSize(1);
        assertThat(f.api.get("/payouts/export?payoutIds=" + id).body().split("\r\n")).hasSize(2);
    }

    @Test
    void anotherWorkspacesPayoutsAre404AndBadInputIs422() {
        ProgramFixture f = ProgramFixture.create(server);
        ProgramFixture other = ProgramFixture.create(server);
        custom(f, f.partner(f.defaultGroupId, "iso@partner.dev"), 500);
        String id = f.api.post("/payouts/run", Map.of()).json().get(0).get("id").asText();
        assertThat(other.api.get("/payouts/" + id).status()).isEqualTo(404);
        assertThat(other.api.patch("/payouts/" + id, Map.of("status", "completed")).status()).isEqualTo(404);
        assertThat(other.api.get("/payouts/" + id + "/export").status()).isEqualTo(404);
        assertThat(other.api.post("/payouts/run", Map.of()).json()).isEmpty();
        assertThat(other.api.get("/payouts").json()).isEmpty();
        expect422(f.api.patch("/payouts/" + id, Map.of("status", "done")), "status");
        expect422(f.api.patch("/payouts/" + id, Map.of("status", "sent", "method", "cash")), "method");
        expect422(f.api.get("/payouts?sortBy=name"), "sortBy");
        expect422(f.api.get("/payouts?pageSize=0"), "pageSize");
        assertThat(f.api.get("/payouts/" + id).json().get("status").asText()).isEqualTo("pending");
    }

    static void expect422(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().at("/error/message").asText()).startsWith(field + ":");
    }
}
