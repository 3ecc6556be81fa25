package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConversionsIT extends ServerPerStore {
    private static final AtomicInteger SEQ = new AtomicInteger();


    /** A tracked link and one click on it from London; returns {linkId, clickId}. */
    static String[] linkAndClick() {
        int n = SEQ.incrementAndGet();
        String key = "conv-" + n;
        String linkId = api().post("/links", Map.of("url", "https://example.com/" + key, "key", key,
                "trackConversion", true)).json().get("id").asText();
        String location = server.visitor().send("GET", "/" + key, null, Map.of("X-Forwarded-For", "81.2.69.142",
                "User-Agent", UserAgents.CHROME_MAC)).header("Location");
        return new String[] {linkId, location.replaceAll(".*dub_id=", "")};
    }

    static String uniqueCustomer() {
        return "user-" + SEQ.incrementAndGet();
    }

    static Http.Response lead(Map<String, Object> body) {
        return api().post("/track/lead", body);
    }

    static JsonNode link(String id) {
        return api().get("/links/" + id).json();
    }

    @Test
    void aLeadCreatesTheCustomerFromTheClickAndCreditsTheLink() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        Http.Response r = lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer,
                "customerEmail", "ada@example.com"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.at("/click/id").asText()).isEqualTo(lc[1]);
        assertThat(body.at("/link/id").asText()).isEqualTo(lc[0]);
        assertThat(body.at("/link/shortLink").asText()).startsWith("https://refer.ly/conv-");
        assertThat(body.at("/customer/externalId").asText()).isEqualTo(customer);
        assertThat(body.at("/customer/name").asText()).isEqualTo("ada@example.com"); // no name: the email
        assertThat(body.get("attributed").asBoolean()).isTrue();
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(1);
        JsonNode stored = api().get("/customers/ext_" + customer).json();
        assertThat(stored.get("country").asText()).isEqualTo("GB");
        assertThat(stored.get("id").asText()).startsWith("cus_");
        JsonNode events = api().get("/events?event=leads&linkId=" + lc[0]).json();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("eventName").asText()).isEqualTo("Sign up");
        assertThat(events.get(0).at("/customer/externalId").asText()).isEqualTo(customer);
        assertThat(events.get(0).at("/click/id").asText()).isEqualTo(lc[1]);
        assertThat(events.get(0).get("eventId").asText()).hasSize(16);
    }

    @Test
    void theSameEventNameForACustomerIsRecordedOnce() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        Map<String, Object> body = Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer);
        assertThat(lead(body).json().get("recorded").asBoolean()).isTrue();
        Http.Response again = lead(body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("recorded").asBoolean()).isFalse();
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(1);
        lead(Map.of("clickId", lc[1], "eventName", "Activated", "customerExternalId", customer));
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(2);
    }

    @Test
    void eventQuantityRecordsThatManyLeads() {
        String[] lc = linkAndClick();
        lead(Map.of("clickId", lc[1], "eventName", "Seat", "customerExternalId", uniqueCustomer(), "eventQuantity", 3));
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(3);
        assertThat(api().get("/events?event=leads&linkId=" + lc[0]).json()).hasSize(3);
    }

    @Test
    void anEmptyClickIdUsesTheCustomersStoredClick() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer));
        Http.Response later = lead(Map.of("clickId", "", "eventName", "Upgrade intent", "customerExternalId", customer));
        assertThat(later.json().at("/click/id").asText()).isEqualTo(lc[1]);
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(2);
        Http.Response none = lead(Map.of("clickId", "", "eventName", "Sign up", "customerExternalId", uniqueCustomer()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().at("/error/code").asText()).isEqualTo("bad_request");
    }

    @Test
    void unknownAndForeignClicksAre404AndChangeNothing() {
        String customer = uniqueCustomer();
        assertThat(lead(Map.of("clickId", "nope0000nope0000", "eventName", "Sign up", "customerExternalId", customer))
                .status()).isEqualTo(404);
        String[] lc = linkAndClick();
        Http.Response foreign = server.otherApi().post("/track/lead", Map.of("clickId", lc[1], "eventName", "Sign up",
                "customerExternalId", customer));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api().get("/customers/ext_" + customer).status()).isEqualTo(404);
        assertThat(server.otherApi().get("/customers/ext_" + customer).status()).isEqualTo(404);
        assertThat(link(lc[0]).get("leads").asLong()).isZero();
    }

    @Test
    void deferredAttachesTheCustomerAndClickWithoutALead() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        Http.Response deferred = lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer,
                "mode", "deferred"));
        assertThat(deferred.status()).isEqualTo(200);
        assertThat(deferred.json().get("recorded").asBoolean()).isFalse();
        assertThat(api().get("/customers/ext_" + customer).status()).isEqualTo(200);
        assertThat(link(lc[0]).get("leads").asLong()).isZero();
        lead(Map.of("clickId", "", "eventName", "Sign up", "customerExternalId", customer, "mode", "wait"));
        assertThat(link(lc[0]).get("leads").asLong()).isEqualTo(1);
    }

    @Test
    void aClickOlderThanTheAttributionWindowGivesAnUnattributedLead() {
        String[] lc = linkAndClick();
        server.clock().advance(Duration.ofDays(91));
        try {
            Http.Response r = lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", uniqueCustomer()));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("link").isNull()).isTrue();
            assertThat(r.json().get("attributed").asBoolean()).isFalse();
            assertThat(r.json().get("attributionNote").asText()).contains("attribution window");
            assertThat(link(lc[0]).get("leads").asLong()).isZero();
        } finally {
            server.clock().advance(Duration.ofDays(-91));
        }
    }

    @Test
    void aSaleIsCreditedToTheCustomersLeadLinkAndCounted() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer, "customerName", "Ada"));
        Http.Response r = api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 4900,
                "paymentProcessor", "stripe", "invoiceId", "in_" + customer, "metadata", Map.of("plan", "pro")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("eventName").asText()).isEqualTo("Purchase");
        assertThat(body.at("/customer/name").asText()).isEqualTo("Ada");
        assertThat(body.at("/customer/id").asText()).startsWith("cus_");
        assertThat(body.at("/sale/amount").asLong()).isEqualTo(4900);
        assertThat(body.at("/sale/currency").asText()).isEqualTo("usd");
        assertThat(body.at("/sale/paymentProcessor").asText()).isEqualTo("stripe");
        assertThat(body.at("/sale/invoiceId").asText()).isEqualTo("in_" + customer);
        assertThat(body.at("/sale/metadata/plan").asText()).isEqualTo("pro");
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 4900));
        JsonNode l = link(lc[0]);
        assertThat(l.get("sales").asLong()).isEqualTo(2);
        assertThat(l.get("saleAmount").asLong()).isEqualTo(9800);
        assertThat(l.get("conversions").asLong()).isEqualTo(1); // one customer converted
        JsonNode c = api().get("/customers/ext_" + customer).json();
        assertThat(c.get("sales").asLong()).isEqualTo(2);
        assertThat(c.get("saleAmount").asLong()).isEqualTo(9800);
        assertThat(c.get("firstSaleAt").asText()).isEqualTo(server.clock().instant().toString());
        JsonNode sales = api().get("/events?event=sales&linkId=" + lc[0]).json();
        assertThat(sales).hasSize(2);
        assertThat(sales.get(0).at("/sale/amount").asLong()).isEqualTo(4900);
        assertThat(sales.get(0).get("saleAmount").asLong()).isEqualTo(4900);
    }

    @Test
    void aRepeatedInvoiceReturnsTheFirstAnswerAndRecordsNothing() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer));
        Map<String, Object> sale = Map.of("customerExternalId", customer, "amount", 1000, "invoiceId", "inv-" + customer);
        String first = api().post("/track/sale", sale).body();
        Map<String, Object> changed = new HashMap<>(sale);
        changed.put("amount", 99999);
        String repeat = api().post("/track/sale", changed).body();
        assertThat(repeat).isEqualTo(first);
        assertThat(link(lc[0]).get("sales").asLong()).isEqualTo(1);
        assertThat(link(lc[0]).get("saleAmount").asLong()).isEqualTo(1000);
    }

    @Test
    void anUnknownCustomerWithoutAClickRecordsNothing() {
        Http.Response r = api().post("/track/sale", Map.of("customerExternalId", uniqueCustomer(), "amount", 500));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("customer").isNull()).isTrue();
        assertThat(r.json().get("sale").isNull()).isTrue();
        assertThat(r.json().get("eventName").asText()).isEqualTo("Purchase");
    }

    @Test
    void aDirectSaleCreatesTheCustomerAndASyntheticLead() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        Http.Response r = api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 2500,
                "clickId", lc[1], "customerName", "Grace"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/customer/name").asText()).isEqualTo("Grace");
        JsonNode leads = api().get("/events?event=leads&linkId=" + lc[0]).json();
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("eventName").asText()).isEqualTo("Direct sale tracking lead event");
        JsonNode l = link(lc[0]);
        assertThat(l.get("leads").asLong()).isEqualTo(1);
        assertThat(l.get("sales").asLong()).isEqualTo(1);
        assertThat(l.get("saleAmount").asLong()).isEqualTo(2500);
    }

    @Test
    void otherCurrenciesAreConvertedToUsdAtTheStoredRateKeepingTheOriginal() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer));
        // 10.00 EUR at 1.08 = 10.80 USD; 1437 JPY (zero-decimal) at 0.0067 = 9.6279 -> 9.63 USD;
        // 1.000 BHD (three decimals) at 2.6596 = 2.6596 -> 2.66 USD
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1000, "currency", "EUR"));
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1437, "currency", "jpy"));
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1000, "currency", "bhd"));
        assertThat(link(lc[0]).get("saleAmount").asLong()).isEqualTo(1080 + 963 + 266);
        JsonNode sales = api().get("/events?event=sales&linkId=" + lc[0] + "&sortOrder=asc").json();
        assertThat(sales.get(1).at("/sale/amount").asLong()).isEqualTo(963);
        assertThat(sales.get(1).at("/sale/originalAmount").asLong()).isEqualTo(1437);
        assertThat(sales.get(1).at("/sale/originalCurrency").asText()).isEqualTo("jpy");
        assertThat(sales.get(1).at("/sale/currency").asText()).isEqualTo("usd");
    }

    @Test
    void invalidTrackBodiesAre422NamingTheFieldAndRecordNothing() {
        String[] lc = linkAndClick();
        for (Object[] row : new Object[][] {
                {"/track/lead", Map.of("clickId", lc[1], "eventName", "x"), "customerExternalId"},
                {"/track/lead", Map.of("clickId", lc[1], "customerExternalId", "a"), "eventName"},
                {"/track/lead", Map.of("eventName", "x", "customerExternalId", "a"), "clickId"},
                {"/track/lead", Map.of("clickId", lc[1], "eventName", "x", "customerExternalId", "a", "eventQuantity", 0), "eventQuantity"},
                {"/track/lead", Map.of("clickId", lc[1], "eventName", "x", "customerExternalId", "a", "mode", "later"), "mode"},
                {"/track/lead", Map.of("clickId", lc[1], "eventName", "x", "customerExternalId", "a", "metadata", "str"), "metadata"},
                {"/track/lead", Map.of("clickId", lc[1], "eventName", "x", "customerExternalId", "a".repeat(101)), "customerExternalId"},
                {"/track/sale", Map.of("amount", 100), "customerExternalId"},
                {"/track/sale", Map.of("customerExternalId", "a"), "amount"},
                {"/track/sale", Map.of("customerExternalId", "a", "amount", -1), "amount"},
                {"/track/sale", Map.of("customerExternalId", "a", "amount", 1.5), "amount"},
                {"/track/sale", Map.of("customerExternalId", "a", "amount", 100, "currency", "xyz"), "currency"},
                {"/track/sale", Map.of("customerExternalId", "a", "amount", 100, "paymentProcessor", "paypal"), "paymentProcessor"},
                {"/track/sale", Map.of("customerExternalId", "a", "amount", 100, "metadata", Map.of("big", "x".repeat(10_001))), "metadata"},
        }) {
            Http.Response r = api().post((String) row[0], row[1]);
            assertThat(r.status()).as("%s %s", row[0], row[1]).isEqualTo(422);
            assertThat(r.json().at("/error/message").asText()).startsWith(row[2] + ":");
        }
        assertThat(api().post("/track/lead", "{oops").status()).isEqualTo(400);
        assertThat(api().get("/customers/ext_a").status()).isEqualTo(404);
        assertThat(link(lc[0]).get("leads").asLong()).isZero();
    }

    @Test
    void customersListGetPatchAndErase() {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer,
                "customerEmail", customer + "@example.com", "customerName", "Lin"));
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 700));
        assertThat(api().get("/customers?email=" + customer + "@example.com").json()).hasSize(1);
        assertThat(api().get("/customers?externalId=" + customer).json()).hasSize(1);
        assertThat(api().get("/customers?search=" + customer).json()).hasSize(1);
        JsonNode expanded = api().get("/customers/ext_" + customer + "?includeExpandedFields=true").json();
        assertThat(expanded.at("/link/id").asText()).isEqualTo(lc[0]);
        String id = expanded.get("id").asText();
        assertThat(server.otherApi().get("/customers/" + id).status()).isEqualTo(404);
        assertThat(server.otherApi().patch("/customers/" + id, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(server.otherApi().delete("/customers/" + id).status()).isEqualTo(404);
        assertThat(server.otherApi().get("/customers?externalId=" + customer).json()).isEmpty();

        JsonNode patched = api().patch("/customers/" + id, Map.of("name", "Lin Q")).json();
        assertThat(patched.get("name").asText()).isEqualTo("Lin Q");
        assertThat(patched.get("email").asText()).isEqualTo(customer + "@example.com");
        assertThat(api().patch("/customers/" + id, Map.of("name", 5)).status()).isEqualTo(422);

        assertThat(api().delete("/customers/" + id).json().get("id").asText()).isEqualTo(id);
        assertThat(api().get("/customers/" + id).status()).isEqualTo(404);
        assertThat(api().get("/customers?search=" + customer).json()).isEmpty();
        // the anonymous history stays: the link keeps its totals and the events remain, without the person
        assertThat(link(lc[0]).get("saleAmount").asLong()).isEqualTo(700);
        JsonNode event = api().get("/events?event=sales&linkId=" + lc[0]).json().get(0);
        assertThat(event.at("/customer/email").isNull()).isTrue();
        assertThat(event.at("/customer/name").isNull()).isTrue();
        assertThat(event.at("/customer/externalId").asText()).isEmpty();
    }

    @Test
    void theWorkspaceChoosesItsAttributionWindow() {
        JsonNode before = api().get("/workspace").json();
        assertThat(before.get("attributionWindowDays").asInt()).isEqualTo(90);
        assertThat(api().patch("/workspace", Map.of("attributionWindowDays", 0)).status()).isEqualTo(422);
        assertThat(api().patch("/workspace", Map.of("attributionWindowDays", 30)).json()
                .get("attributionWindowDays").asInt()).isEqualTo(30);
        assertThat(server.otherApi().get("/workspace").json().get("attributionWindowDays").asInt()).isEqualTo(90);
        String[] lc = linkAndClick();
        server.clock().advance(Duration.ofDays(31));
        try {
            Http.Response r = lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", uniqueCustomer()));
            assertThat(r.json().get("attributed").asBoolean()).isFalse();
        } finally {
            server.clock().advance(Duration.ofDays(-31));
            api().patch("/workspace", Map.of("attributionWindowDays", 90));
        }
    }

    @Test
    void importedRatesApplyToNewSalesAndNeverChangeRecordedOnes() throws Exception {
        String[] lc = linkAndClick();
        String customer = uniqueCustomer();
        lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", customer));
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1000, "currency", "chf"));
        new dev.referly.conversions.FxRates(server.app().database().jdbi()).importRates(
                new java.io.StringReader("2026-11-01,chf,2.00\n"));
        api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1000, "currency", "chf"));
        JsonNode sales = api().get("/events?event=sales&linkId=" + lc[0] + "&sortOrder=asc").json();
        assertThat(sales.get(0).at("/sale/amount").asLong()).isEqualTo(1130); // 10.00 CHF at the bundled 1.13
        assertThat(sales.get(1).at("/sale/amount").asLong()).isEqualTo(2000); // at the imported 2.00
        assertThat(api().post("/track/sale", Map.of("customerExternalId", customer, "amount", 1, "currency", "xof"))
                .status()).isEqualTo(422); // a real currency without a known rate
    }

    @Test
    void customersPageByCursorAsTheSdksIteratorDoes() {
        String prefix = "cursor-" + SEQ.incrementAndGet() + "-";
        String[] lc = linkAndClick();
        for (int i = 0; i < 5; i++) {
            lead(Map.of("clickId", lc[1], "eventName", "Sign up", "customerExternalId", prefix + i));
            server.clock().advance(Duration.ofSeconds(1));
        }
        JsonNode first = api().get("/customers?search=" + prefix + "&pageSize=2").json();
        assertThat(first).hasSize(2);
        assertThat(first.get(0).get("externalId").asText()).isEqualTo(prefix + 4);
        JsonNode second = api().get("/customers?search=" + prefix + "&pageSize=2&startingAfter="
                + first.get(1).get("id").asText()).json();
        assertThat(second.findValuesAsText("externalId")).containsExactly(prefix + 2, prefix + 1);
        JsonNode last = api().get("/customers?search=" + prefix + "&pageSize=2&startingAfter="
                + second.get(1).get("id").asText()).json();
        assertThat(last.findValuesAsText("externalId")).containsExactly(prefix + 0);
        JsonNode back = api().get("/customers?search=" + prefix + "&pageSize=2&endingBefore="
                + last.get(0).get("id").asText()).json();
        assertThat(back.findValuesAsText("externalId")).containsExactly(prefix + 2, prefix + 1);
    }
}
