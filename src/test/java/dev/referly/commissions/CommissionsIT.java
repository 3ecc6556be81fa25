package dev.referly.commissions;

import static dev.referly.commissions.ProgramFixture.flat;
import static dev.referly.commissions.ProgramFixture.percent;
import static dev.referly.commissions.ProgramFixture.productIs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.ConversionListener;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.SpendLimit;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The commission ledger through HTTP, on both stores; each test has its own workspace. */
class CommissionsIT extends ServerPerStore {
    @Test
    void aLeadEarnsOnceperPartnerAndCustomerWithDubsShape() {
        ProgramFixture f = ProgramFixture.create(server);
        String rewardId = f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 500));
        String partner = f.partner(f.defaultGroupId, "ada@partner.dev");
        String link = f.partnerLink(partner);
        String click = f.click(link, null);
        f.lead(click, "cust-1", "bob@shop.dev", "Sign up");
        f.lead(click, "cust-1", "bob@shop.dev", "Activated"); // a second lead name: no second commission
        f.lead(f.click(link, null), "cust-2", null, "Sign up");
        JsonNode list = f.commissions("partnerId=" + partner + "&sortOrder=asc");
        assertThat(list).hasSize(2);
        JsonNode c = list.get(0);
        assertThat(c.get("id").asText()).startsWith("cm_");
        assertThat(c.get("type").asText()).isEqualTo("lead");
        assertThat(c.get("amount").asLong()).isZero();
        assertThat(c.get("earnings").asLong()).isEqualTo(500);
        assertThat(c.get("currency").asText()).isEqualTo("usd");
        assertThat(c.get("status").asText()).isEqualTo("pending");
        assertThat(c.get("quantity").asInt()).isEqualTo(1);
        assertThat(c.has("invoiceId") && c.get("invoiceId").isNull()).isTrue();
        assertThat(c.has("description")).isTrue();
        assertThat(c.get("createdAt").asText()).isEqualTo(server.clock().instant().toString());
        assertThat(c.at("/partner/id").asText()).isEqualTo(partner);
        assertThat(c.at("/partner/email").asText()).isEqualTo("ada@partner.dev");
        assertThat(c.at("/partner").has("payoutsEnabledAt")).isTrue();
        assertThat(c.at("/customer/externalId").asText()).isEqualTo("cust-1");
        assertThat(c.get("rewardId").asText()).isEqualTo(rewardId);
        assertThat(c.at("/rewardSnapshot/amountInCents").asLong()).isEqualTo(500);
        assertThat(c.get("explanation").asText()).isEqualTo("Lead reward " + rewardId + ": $5.00 = $5.00");
        assertThat(c.get("linkId").asText()).isEqualTo(link);
        assertThat(c.get("clickId").asText()).isEqualTo(click);
        JsonNode one = f.api.get("/commissions/" + c.get("id").asText()).json();
        assertThat(one.get("netEarnings").asLong()).isEqualTo(500);
        assertThat(f.commissions("customerId=" + c.at("/customer/id").asText())).hasSize(1);
        assertThat(f.commissions("type=sale")).isEmpty();
    }

    @Test
    void aSaleEarnsAPercentageAndAProductConditionGroupRaisesIt() {
        ProgramFixture f = ProgramFixture.create(server);
        String rewardId = f.reward(f.defaultGroupId, percent(1000, null, productIs("prod_gold", 4000)));
        String partner = f.partner(f.defaultGroupId, "p@partner.dev");
        String link = f.partnerLink(partner);
        f.lead(f.click(link, null), "buyer", "buyer@shop.dev", "Sign up");
        f.sale("buyer", 10_000, "in_gold", Map.of("productId", "prod_gold"));
        f.sale("buyer", 5_000, "in_plain", null);
        JsonNode gold = f.commissions("invoiceId=in_gold").get(0);
        assertThat(gold.get("type").asText()).isEqualTo("sale");
        assertThat(gold.get("amount").asLong()).isEqualTo(10_000);
        assertThat(gold.get("earnings").asLong()).isEqualTo(4_000);
        assertThat(gold.get("matchedModifier").asInt()).isZero();
        assertThat(gold.get("explanation").asText()).isEqualTo("Sale reward " + rewardId
                + ": 40% of $100.00 (condition group 1: sale.productId equals_to prod_gold) = $40.00");
        JsonNode plain = f.commissions("invoiceId=in_plain").get(0);
        assertThat(plain.get("earnings").asLong()).isEqualTo(500);
        assertThat(plain.get("matchedModifier").isNull()).isTrue();
        assertThat(f.commissions("sortBy=amount&sortOrder=desc").get(0).get("invoiceId").asText()).isEqualTo("in_gold");
    }

    @Test
    void lineItemsEarnLineByLineAndSum() {
        ProgramFixture f = ProgramFixture.create(server);
        String rewardId = f.reward(f.defaultGroupId, percent(1000, null, productIs("prod_gold", 4000)));
        String partner = f.partner(f.defaultGroupId, "lines@partner.dev");
        String link = f.partnerLink(partner);
        String click = f.click(link, null);
        f.lead(click, "lines-buyer", null, "Sign up");
        String customerId = f.api.get("/customers/ext_lines-buyer").json().get("id").asText();
        // The track API has no line items (Stripe invoices will); the recorder is fed like SaleService does.
        long now = server.clock().millis();
        f.jdbi().useTransaction(h -> new CommissionRecorder().saleRecorded(h, new ConversionListener.SaleRecorded(
                f.workspaceId, "saleLineItems001", customerId, link, click, "Purchase", 15_000, "usd", "in_lines", null,
                true, List.of(new ConversionListener.LineItem("prod_gold", 10_000, 1),
                        new ConversionListener.LineItem("prod_basic", 5_000, 2)), now)));
        JsonNode c = f.commissions("invoiceId=in_lines").get(0);
        assertThat(c.get("earnings").asLong()).isEqualTo(4_500);
        assertThat(c.get("quantity").asInt()).isEqualTo(3);
        assertThat(c.get("explanation").asText()).isEqualTo("Sale reward " + rewardId
                + ": 40% of $100.00 (condition group 1: sale.productId equals_to prod_gold) [prod_gold]"
                + " + 10% of $50.00 [prod_basic] = $45.00");
    }

    @Test
    void aRecurringRewardPaysForItsMonthsFromTheFirstSaleCommission() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, percent(2000, 2));
        String partner = f.partner(f.defaultGroupId, "rec@partner.dev");
        f.lead(f.click(f.partnerLink(partner), null), "subscriber", null, "Sign up");
        Duration moved = Duration.ZERO;
        try {
            f.sale("subscriber", 1_000, "in_m0", null);
            server.clock().advance(Duration.ofDays(31));
            moved = moved.plusDays(31);
            f.sale("subscriber", 1_000, "in_m1", null);
            server.clock().advance(Duration.ofDays(31));
            moved = moved.plusDays(31);
            f.sale("subscriber", 1_000, "in_m2", null); // 62 days after the first: past 2 months
        } finally {
            server.clock().advance(moved.negated());
        }
        assertThat(f.commissions("type=sale&sortOrder=asc")).extracting(c -> c.get("invoiceId").asText())
                .containsExactly("in_m0", "in_m1");
    }

    @Test
    void spendLimitsCapWhatAPartnerEarnsInAPeriod() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 500,
                new SpendLimit(SpendLimit.Scope.PARTNER, SpendLimit.Period.DAY, 1_200)));
        String partner = f.partner(f.defaultGroupId, "cap@partner.dev");
        String link = f.partnerLink(partner);
        for (int i = 0; i < 4; i++) {
            f.lead(f.click(link, null), "capped-" + i, null, "Sign up");
        }
        JsonNode list = f.commissions("sortOrder=asc");
        assertThat(list).extracting(c -> c.get("earnings").asLong()).containsExactly(500L, 500L, 200L);
        assertThat(list.get(2).get("explanation").asText())
                .endsWith("= $5.00, capped to $2.00 from $5.00 by the partner daily limit of $12.00 ($10.00 already earned)");
    }

    @Test
    void concurrentConversionsOfOnePartnerStayUnderItsCap() throws Exception {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 500,
                new SpendLimit(SpendLimit.Scope.PARTNER, SpendLimit.Period.ALL_TIME, 2_200)));
        String partner = f.partner(f.defaultGroupId, "concurrent-cap@partner.dev");
        // One link each: leads on one link already queue on that link's counter row.
        List<String> clicks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clicks.add(f.click(f.partnerLink(partner), null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> leads = new ArrayList<>();
            for (int i = 0; i < clicks.size(); i++) {
                String click = clicks.get(i);
                String customer = "cap-racer-" + i;
                leads.add(() -> f.api.post("/track/lead", Map.of("clickId", click, "eventName", "Sign up",
                        "customerExternalId", customer)).status());
            }
            for (Future<Integer> r : pool.invokeAll(leads)) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        long total = 0;
        for (JsonNode c : f.commissions("partnerId=" + partner)) {
            total += c.get("earnings").asLong();
        }
        assertThat(total).isEqualTo(2_200); // 4 x $5 and one capped to $2, whatever the interleaving
    }

    @Test
    void fraudSignalsHoldACommissionUntilReleasedOrRejected() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 300));
        String partner = f.partner(f.defaultGroupId, "ada.lovelace@gmail.com");
        String link = f.partnerLink(partner);
        f.lead(f.click(link, null), "self", "AdaLovelace+alt@googlemail.com", "Sign up");
        f.lead(f.click(link, "gclid=EAIaIQ"), "ads", "someone@shop.dev", "Sign up");
        f.lead(f.click(link, null), "clean", "someone.else@shop.dev", "Sign up");
        JsonNode self = f.commissions("customerId=" + customer(f, "self")).get(0);
        JsonNode ads = f.commissions("customerId=" + customer(f, "ads")).get(0);
        JsonNode clean = f.commissions("customerId=" + customer(f, "clean")).get(0);
        assertThat(self.get("status").asText()).isEqualTo("hold");
        assertThat(self.get("holdReason").asText()).isEqualTo("self_referral");
        assertThat(ads.get("status").asText()).isEqualTo("hold");
        assertThat(ads.get("holdReason").asText()).isEqualTo("paid_ad_click");
        assertThat(clean.get("status").asText()).isEqualTo("pending");
        assertThat(f.commissions("status=hold")).hasSize(2);

        Http.Response released = f.api.patch("/commissions/" + ads.get("id").asText(), Map.of("status", "pending"));
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.json().get("status").asText()).isEqualTo("pending");
        Http.Response rejected = f.api.patch("/commissions/" + self.get("id").asText(), Map.of("status", "fraud"));
        assertThat(rejected.json().get("status").asText()).isEqualTo("fraud");
        assertThat(f.commissions("status=hold")).isEmpty();
        // fraud -> canceled is not a transition (undo goes through pending)
        Http.Response refused = f.api.patch("/commissions/" + self.get("id").asText(), Map.of("status", "canceled"));
        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void aBannedPartnersCommissionIsHeld() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 300));
        String partner = f.partner(f.defaultGroupId, "banned@partner.dev");
        String click = f.click(f.partnerLink(partner), null);
        f.ban(partner); // after the click: a banned partner's links are disabled
        f.lead(click, "c-banned", "x@mailinator.com", "Sign up");
        JsonNode c = f.commissions("").get(0);
        assertThat(c.get("status").asText()).isEqualTo("hold");
        assertThat(c.get("holdReason").asText()).isEqualTo("disposable_email,partner_banned");
    }

    private static String customer(ProgramFixture f, String externalId) {
        return f.api.get("/customers/ext_" + externalId).json().get("id").asText();
    }

    @Test
    void concurrentDuplicateConversionsMakeOneCommission() throws Exception {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 100));
        f.reward(f.defaultGroupId, percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "race@partner.dev");
        String link = f.partnerLink(partner);
        String click = f.click(link, null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> leads = List.of(
                    () -> f.api.post("/track/lead", Map.of("clickId", click, "eventName", "Sign up",
                            "customerExternalId", "racer")).status(),
                    () -> f.api.post("/track/lead", Map.of("clickId", click, "eventName", "Trial",
                            "customerExternalId", "racer")).status());
            for (Future<Integer> r : pool.invokeAll(leads)) {
                assertThat(r.get()).isEqualTo(200);
            }
            List<Callable<Integer>> sales = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sales.add(() -> f.api.post("/track/sale", Map.of("customerExternalId", "racer", "amount", 2_000,
                        "invoiceId", "in_race")).status());
            }
            for (Future<Integer> r : pool.invokeAll(sales)) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.commissions("type=lead")).hasSize(1);
        JsonNode sale = f.commissions("type=sale");
        assertThat(sale).hasSize(1);
        assertThat(sale.get(0).get("earnings").asLong()).isEqualTo(200);
    }

    @Test
    void editingEarningsAppendsACorrectionAndPaidIsImmutable() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "edit@partner.dev");
        f.lead(f.click(f.partnerLink(partner), null), "editee", null, "Sign up");
        f.sale("editee", 10_000, "in_edit", null);
        String id = f.commissions("invoiceId=in_edit").get(0).get("id").asText();
        Http.Response r = f.api.patch("/commissions/" + id, Map.of("saleAmount", 8_000));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("correctsId").asText()).isEqualTo(id);
        assertThat(r.json().get("amount").asLong()).isEqualTo(-2_000);
        assertThat(r.json().get("earnings").asLong()).isEqualTo(-200);
        Http.Response e = f.api.patch("/commissions/" + id, Map.of("earnings", 1_000));
        assertThat(e.json().get("earnings").asLong()).isEqualTo(200);
        JsonNode original = f.api.get("/commissions/" + id).json();
        assertThat(original.get("earnings").asLong()).isEqualTo(1_000); // never edited in place
        assertThat(original.get("netEarnings").asLong()).isEqualTo(1_000);
        assertThat(original.get("corrections")).hasSize(2);

        f.api.post("/payouts/run", Map.of());
        String payout = f.api.get("/commissions/" + id).json().get("payoutId").asText();
        assertThat(f.api.patch("/payouts/" + payout, Map.of("status", "completed")).status()).isEqualTo(200);
        JsonNode paid = f.api.get("/commissions/" + id).json();
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.get("paidAt").asText()).isEqualTo(server.clock().instant().toString());
        Http.Response immutable = f.api.patch("/commissions/" + id, Map.of("earnings", 1));
        assertThat(immutable.status()).isEqualTo(409);
        assertThat(f.api.patch("/commissions/" + id, Map.of("status", "canceled")).status()).isEqualTo(409);
        assertThat(f.api.patch("/commissions/bulk", Map.of("commissionIds", List.of(id), "status", "fraud")).status())
                .isEqualTo(409);
        assertThat(f.api.get("/commissions/" + id).json().get("earnings").asLong()).isEqualTo(1_000);
    }

    @Test
    void bulkStatusChangesAllOrNothing() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 100));
        String link = f.partnerLink(f.partner(f.defaultGroupId, "bulk@partner.dev"));
        f.lead(f.click(link, null), "b1", null, "Sign up");
        f.lead(f.click(link, null), "b2", null, "Sign up");
        List<String> ids = new ArrayList<>();
        f.commissions("").forEach(c -> ids.add(c.get("id").asText()));
        Http.Response r = f.api.patch("/commissions/bulk", Map.of("commissionIds", ids, "status", "duplicate"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).extracting(c -> c.get("status").asText()).containsOnly("duplicate");
        List<String> withUnknown = new ArrayList<>(ids);
        withUnknown.add("cm_unknown");
        assertThat(f.api.patch("/commissions/bulk", Map.of("commissionIds", withUnknown, "status", "pending")).status())
                .isEqualTo(404);
        assertThat(f.commissions("status=duplicate")).hasSize(2);
    }

    @Test
    void customCommissionsAndClawbacks() {
        ProgramFixture f = ProgramFixture.create(server);
        String partner = f.partner(f.defaultGroupId, "custom@partner.dev");
        Http.Response bonus = f.api.post("/commissions", Map.of("partnerId", partner, "amount", 2_500,
                "description", "Launch bonus"));
        assertThat(bonus.status()).as(bonus.toString()).isEqualTo(202);
        assertThat(bonus.json().get("success").asBoolean()).isTrue();
        assertThat(bonus.json().get("type").asText()).isEqualTo("custom");
        assertThat(bonus.json().get("earnings").asLong()).isEqualTo(2_500);
        assertThat(bonus.json().get("description").asText()).isEqualTo("Launch bonus");
        Http.Response clawback = f.api.post("/commissions", Map.of("tenantId",
                f.api.get("/partners/" + partner).json().get("tenantId").asText(), "earnings", -700,
                "date", "2026-10-01"));
        assertThat(clawback.status()).as(clawback.toString()).isEqualTo(202);
        assertThat(clawback.json().get("earnings").asLong()).isEqualTo(-700);
        assertThat(clawback.json().get("createdAt").asText()).isEqualTo("2026-10-01T00:00:00Z");
        assertThat(f.commissions("type=custom&start=2026-10-15")).hasSize(1);
        assertThat(f.commissions("type=custom&end=2026-10-15")).hasSize(1);
    }

    @Test
    void refundsMarkCorrectOrClawBack() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "refund@partner.dev");
        f.lead(f.click(f.partnerLink(partner), null), "refunder", null, "Sign up");
        f.sale("refunder", 10_000, "in_full", null);
        f.sale("refunder", 10_000, "in_part", null);
        f.sale("refunder", 10_000, "in_paid", null);

        Http.Response full = f.api.post("/commissions/refunds", Map.of("invoiceId", "in_full", "amount", 10_000,
                "refundId", "re_1"));
        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        assertThat(full.json().get("outcome").asText()).isEqualTo("refunded");
        assertThat(f.commissions("invoiceId=in_full").get(0).get("status").asText()).isEqualTo("refunded");

        Http.Response part = f.api.post("/commissions/refunds", Map.of("invoiceId", "in_part", "amount", 3_333,
                "refundId", "re_2"));
        assertThat(part.json().get("outcome").asText()).isEqualTo("corrected");
        assertThat(part.json().at("/correction/earnings").asLong()).isEqualTo(-333); // 1000 x 3333/10000 = 333.3
        Http.Response again = f.api.post("/commissions/refunds", Map.of("invoiceId", "in_part", "amount", 3_333,
                "refundId", "re_2"));
        assertThat(again.json().get("outcome").asText()).isEqualTo("unchanged");
        assertThat(f.commissions("invoiceId=in_part")).hasSize(2); // original + one correction

        f.api.post("/payouts/run", Map.of());
        String paidId = f.commissions("invoiceId=in_paid").get(0).get("id").asText();
        String payout = f.api.get("/commissions/" + paidId).json().get("payoutId").asText();
        assertThat(f.api.get("/payouts/" + payout).json().get("amount").asLong()).isEqualTo(1_000 + 1_000 - 333);
        f.api.patch("/payouts/" + payout, Map.of("status", "completed"));
        Http.Response late = f.api.post("/commissions/refunds", Map.of("invoiceId", "in_paid", "amount", 5_000,
                "refundId", "re_3"));
        assertThat(late.json().get("outcome").asText()).isEqualTo("clawback");
        assertThat(late.json().at("/correction/earnings").asLong()).isEqualTo(-500);
        assertThat(late.json().at("/correction/status").asText()).isEqualTo("pending");
        assertThat(late.json().at("/commission/status").asText()).isEqualTo("paid");
        // the clawback nets against the next payout
        f.api.post("/commissions", Map.of("partnerId", partner, "amount", 2_000));
        JsonNode next = f.api.post("/payouts/run", Map.of()).json();
        assertThat(next).hasSize(1);
        assertThat(next.get(0).get("amount").asLong()).isEqualTo(1_500);
        assertThat(f.api.post("/commissions/refunds", Map.of("invoiceId", "nope", "amount", 1, "refundId", "r"))
                .status()).isEqualTo(404);
    }

    @Test
    void clickRewardsPayPerDayOnce() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.CLICK, 10));
        String partner = f.partner(f.defaultGroupId, "clicks@partner.dev");
        String link = f.partnerLink(partner);
        String day = server.clock().instant().toString().substring(0, 10);
        for (int i = 0; i < 3; i++) {
            f.click(link, null);
        }
        Http.Response early = f.api.post("/commissions/click-rewards/run", Map.of("date", day));
        assertThat(early.status()).isEqualTo(422); // the day has not ended
        server.clock().advance(Duration.ofDays(1));
        try {
            f.click(link, null); // the next day's click is not counted
            Http.Response r = f.api.post("/commissions/click-rewards/run", Map.of("date", day));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("created").asInt()).isEqualTo(1);
            assertThat(f.api.post("/commissions/click-rewards/run", Map.of("date", day)).json().get("created").asInt())
                    .isZero();
        } finally {
            server.clock().advance(Duration.ofDays(-1));
        }
        JsonNode c = f.commissions("type=click").get(0);
        assertThat(c.get("quantity").asInt()).isEqualTo(3);
        assertThat(c.get("earnings").asLong()).isEqualTo(30);
        assertThat(f.api.post("/commissions/click-rewards/run", Map.of("date", "yesterday")).status()).isEqualTo(422);
    }

    @Test
    void theHourlyLedgerJobRewardsClicksInEveryWorkspace() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.CLICK, 7));
        String partner = f.partner(f.defaultGroupId, "hourly@partner.dev");
        String link = f.partnerLink(partner);
        LocalDate day = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC);
        f.click(link, null);
        f.click(link, null);
        server.clock().advance(Duration.ofDays(1));
        try {
            // What the periodic job runs: every workspace with a click reward, not one named by a request.
            int created = new ClickRewards(server.app().database().jdbi(), server.clock()).run(null, day);
            assertThat(created).isGreaterThanOrEqualTo(1);
        } finally {
            server.clock().advance(Duration.ofDays(-1));
        }
        JsonNode c = f.commissions("type=click&partnerId=" + partner).get(0);
        assertThat(c.get("quantity").asInt()).isEqualTo(2);
        assertThat(c.get("earnings").asLong()).isEqualTo(14);
    }

    @Test
    void theTenthLeadMovesThePartnerOnce() {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, flat(RewardEvent.LEAD, 100));
        String gold = f.group(0);
        f.moveRules(gold, "[{\"attribute\":\"totalLeads\",\"operator\":\"gte\",\"value\":10}]");
        String partner = f.partner(f.defaultGroupId, "mover@partner.dev");
        String link = f.partnerLink(partner);
        for (int i = 1; i <= 9; i++) {
            f.lead(f.click(link, null), "mv-" + i, null, "Sign up");
        }
        assertThat(groupOf(f, partner)).isEqualTo(f.defaultGroupId);
        f.lead(f.click(link, null), "mv-10", null, "Sign up");
        assertThat(groupOf(f, partner)).isEqualTo(gold);
        // moved back by hand, more leads do not move it again
        f.jdbi().useHandle(h -> h.createUpdate("UPDATE partners SET group_id = :g WHERE id = :p")
                .bind("g", f.defaultGroupId).bind("p", partner).execute());
        f.lead(f.click(link, null), "mv-11", null, "Sign up");
        assertThat(groupOf(f, partner)).isEqualTo(f.defaultGroupId);
        int moves = f.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM partner_group_moves WHERE partner_id = :p")
                .bind("p", partner).mapTo(Integer.class).one());
        assertThat(moves).isEqualTo(1);
        // the 10th lead's commission was recorded in the group the partner earned it in
        assertThat(f.commissions("partnerId=" + partner)).hasSize(11);
    }

    private static String groupOf(ProgramFixture f, String partner) {
        return f.jdbi().withHandle(h -> h.createQuery("SELECT group_id FROM partners WHERE id = :p").bind("p", partner)
                .mapTo(String.class).one());
    }

    @Test
    void anotherWorkspacesCommissionsAndPartnersAre404() {
        ProgramFixture f = ProgramFixture.create(server);
        ProgramFixture other = ProgramFixture.create(server);
        String partner = f.partner(f.defaultGroupId, "mine@partner.dev");
        String id = f.api.post("/commissions", Map.of("partnerId", partner, "amount", 100)).json().get("id").asText();
        assertThat(other.api.get("/commissions/" + id).status()).isEqualTo(404);
        assertThat(other.api.patch("/commissions/" + id, Map.of("status", "canceled")).status()).isEqualTo(404);
        assertThat(other.api.patch("/commissions/bulk", Map.of("commissionIds", List.of(id), "status", "canceled"))
                .status()).isEqualTo(404);
        assertThat(other.api.post("/commissions", Map.of("partnerId", partner, "amount", 100)).status()).isEqualTo(404);
        assertThat(other.commissions("partnerId=" + partner)).isEmpty();
        assertThat(f.api.get("/commissions/" + id).json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void badInputIs422NamingTheFieldAndChangesNothing() {
        ProgramFixture f = ProgramFixture.create(server);
        String partner = f.partner(f.defaultGroupId, "strict@partner.dev");
        String id = f.api.post("/commissions", Map.of("partnerId", partner, "amount", 100)).json().get("id").asText();
        expect422(f.api.patch("/commissions/" + id, Map.of("status", "paid")), "status");
        expect422(f.api.patch("/commissions/" + id, Map.of("earnings", "lots")), "earnings");
        expect422(f.api.patch("/commissions/" + id, Map.of("saleAmount", -5)), "saleAmount");
        expect422(f.api.patch("/commissions/" + id, Map.of()), "status");
        expect422(f.api.patch("/commissions/bulk", Map.of("commissionIds", List.of(), "status", "fraud")), "commissionIds");
        expect422(f.api.post("/commissions", Map.of("amount", 100)), "partnerId");
        expect422(f.api.post("/commissions", Map.of("partnerId", partner)), "earnings");
        expect422(f.api.post("/commissions", Map.of("partnerId", partner, "amount", 0)), "earnings");
        expect422(f.api.post("/commissions", Map.of("partnerId", partner, "amount", 1, "type", "sale")), "type");
        expect422(f.api.post("/commissions", Map.of("partnerId", partner, "amount", 1, "date", "2099-01-01")), "date");
        expect422(f.api.post("/commissions", Map.of("partnerId", partner, "amount", 1, "currency", "xx")), "currency");
        expect422(f.api.get("/commissions?pageSize=1000"), "pageSize");
        expect422(f.api.get("/commissions?status=lost"), "status");
        expect422(f.api.get("/commissions?sortBy=name"), "sortBy");
        expect422(f.api.get("/commissions?interval=2d"), "interval");
        expect422(f.api.get("/commissions?start=yesterday"), "start");
        expect422(f.api.post("/commissions/refunds", Map.of("invoiceId", "x", "amount", -1, "refundId", "r")), "amount");
        expect422(f.api.post("/commissions/refunds", Map.of("invoiceId", "x", "amount", 1)), "refundId");
        assertThat(f.api.post("/commissions", "{not json").status()).isEqualTo(400);
        JsonNode all = f.commissions("");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("earnings").asLong()).isEqualTo(100);
        assertThat(all.get(0).get("status").asText()).isEqualTo("pending");
    }

    static void expect422(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("unprocessable_entity");
        assertThat(r.json().at("/error/message").asText()).startsWith(field + ":");
    }
}
