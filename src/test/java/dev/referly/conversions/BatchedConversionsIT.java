package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import dev.referly.testing.UserAgents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many conversions at once, as a SQLite writer batches them into one transaction, some failing
 * inside it after having written: each failure undoes only its own request and answers as it
 * would alone (404, 400, or a 500 without internals), every other request is recorded, and
 * identical invoices record once.
 */
class BatchedConversionsIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void failuresInsideABatchUndoOnlyTheirOwnRequest(Store store) throws Exception {
        try (TestServer server = TestServer.start(store)) {
            Http api = server.api();
            String linkId = api.post("/links", Map.of("url", "https://example.com/b", "key", "batched",
                    "trackConversion", true)).json().get("id").asText();
            String clickId = server.visitor().send("GET", "/batched", null, Map.of("X-Forwarded-For", "81.2.69.142",
                    "User-Agent", UserAgents.CHROME_MAC)).header("Location").replaceAll(".*dub_id=", "");
            for (int i = 0; i < 30; i++) {
                assertThat(api.post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                        "customerExternalId", "cust-" + i)).status()).isEqualTo(200);
            }
            refuseSalesWithInvoicesStartingWithBoom(server, store);

            List<Request> requests = new ArrayList<>();
            long expectedAmount = 0;
            for (int i = 0; i < 30; i++) {
                requests.add(new Request("/track/sale", Map.of("customerExternalId", "cust-" + i,
                        "amount", 1000 + i, "invoiceId", "inv-" + i), 200));
                expectedAmount += 1000 + i;
            }
            for (int i = 0; i < 20; i++) {
                requests.add(new Request("/track/sale", Map.of("customerExternalId", "cust-0", "amount", 777,
                        "invoiceId", "in_dup"), 200));
            }
            expectedAmount += 777;
            for (int i = 0; i < 15; i++) {
                // a direct sale: creates the customer and a lead, then the sale insert is refused
                requests.add(new Request("/track/sale", Map.of("customerExternalId", "boom-" + i, "clickId", clickId,
                        "amount", 500, "invoiceId", "boom-" + i), 500));
                requests.add(new Request("/track/sale", Map.of("customerExternalId", "lost-" + i,
                        "clickId", "nope0000nope0000", "amount", 500), 404));
                requests.add(new Request("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                        "customerExternalId", "new-" + i), 200));
                requests.add(new Request("/track/lead", Map.of("clickId", "", "eventName", "Sign up",
                        "customerExternalId", "none-" + i), 400));
            }

            List<Http.Response> answers = allAtOnce(api, requests);

            Set<String> duplicateAnswers = new HashSet<>();
            for (int i = 0; i < requests.size(); i++) {
                Request q = requests.get(i);
                Http.Response r = answers.get(i);
                assertThat(r.status()).as(q + " -> " + r).isEqualTo(q.status());
                if (q.status() == 500) {
                    assertThat(r.json().at("/error/code").asText()).isEqualTo("internal_server_error");
                    assertThat(r.body()).doesNotContainIgnoringCase("boom").doesNotContain("Exception");
                }
                if (q.path().equals("/track/sale") && q.status() == 200) {
                    assertThat(r.json().get("sale").isNull()).as(r.toString()).isFalse();
                }
                if ("in_dup".equals(q.body().get("invoiceId"))) {
                    duplicateAnswers.add(r.body());
                }
            }
            assertThat(duplicateAnswers).hasSize(1);

            JsonNode link = api.get("/links/" + linkId).json();
            assertThat(link.get("leads").asLong()).isEqualTo(30 + 15); // the refused direct sales' leads are gone
            assertThat(link.get("sales").asLong()).isEqualTo(31);
            assertThat(link.get("saleAmount").asLong()).isEqualTo(expectedAmount);
            assertThat(api.get("/events?event=sales&linkId=" + linkId + "&limit=100").json()).hasSize(31);
            for (int i = 0; i < 15; i++) {
                assertThat(api.get("/customers/ext_boom-" + i).status()).isEqualTo(404);
                assertThat(api.get("/customers/ext_lost-" + i).status()).isEqualTo(404);
                assertThat(api.get("/customers/ext_none-" + i).status()).isEqualTo(404);
                assertThat(api.get("/customers/ext_new-" + i).status()).isEqualTo(200);
            }
            assertThat(api.get("/customers/ext_cust-0").json().get("saleAmount").asLong()).isEqualTo(1000 + 777);
        }
    }

    private record Request(String path, Map<String, Object> body, int status) {}

    /** A database-level failure after the request has already written (customer, lead): not an ApiException. */
    private static void refuseSalesWithInvoicesStartingWithBoom(TestServer server, Store store) {
        server.app().database().jdbi().useHandle(h -> {
            if (store == Store.SQLITE) {
                h.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON sales WHEN NEW.invoice_id LIKE 'boom%'"
                        + " BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
            } else {
                h.execute("CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS"
                        + " 'BEGIN RAISE EXCEPTION ''boom refused''; END'");
                h.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON sales FOR EACH ROW"
                        + " WHEN (NEW.invoice_id LIKE 'boom%') EXECUTE FUNCTION refuse_boom()");
            }
        });
    }

    private static List<Http.Response> allAtOnce(Http api, List<Request> requests) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(requests.size())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (Request q : requests) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.post(q.path(), q.body());
                }));
            }
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }
}
