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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Twenty identical requests at once record one lead and one sale: on each store, and on two
 * server processes sharing PostgreSQL.
 */
class ConcurrentConversionsIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void twentyIdenticalRequestsRecordOnce(Store store) throws Exception {
        try (TestServer server = TestServer.start(store)) {
            assertRecordedOnce(List.of(server.api(), server.api()), server);
        }
    }

    @Test
    void twoProcessesOnOnePostgresRecordOnce() throws Exception {
        try (TestServer a = TestServer.start(Store.POSTGRES); TestServer b = a.sibling(c -> c)) {
            assertRecordedOnce(List.of(a.api(), a.api().at(b.api().base())), a);
        }
    }

    private static void assertRecordedOnce(List<Http> apis, TestServer server) throws Exception {
        Http api = apis.getFirst();
        String linkId = api.post("/links", Map.of("url", "https://example.com/c", "key", "concurrent",
                "trackConversion", true)).json().get("id").asText();
        String clickId = server.visitor().send("GET", "/concurrent", null, Map.of("X-Forwarded-For", "81.2.69.142",
                "User-Agent", UserAgents.CHROME_MAC)).header("Location").replaceAll(".*dub_id=", "");

        Map<String, Object> lead = Map.of("clickId", clickId, "eventName", "Sign up", "customerExternalId", "same-user");
        assertThat(all(apis, "/track/lead", lead)).allMatch(r -> r.status() == 200);
        Map<String, Object> sale = Map.of("customerExternalId", "same-user", "amount", 1234, "invoiceId", "in_same");
        List<Http.Response> sales = all(apis, "/track/sale", sale);
        assertThat(sales).allMatch(r -> r.status() == 200);
        Set<String> answers = new HashSet<>();
        sales.forEach(r -> answers.add(r.body()));
        assertThat(answers).hasSize(1);

        JsonNode link = api.get("/links/" + linkId).json();
        assertThat(link.get("leads").asLong()).isEqualTo(1);
        assertThat(link.get("sales").asLong()).isEqualTo(1);
        assertThat(link.get("saleAmount").asLong()).isEqualTo(1234);
        assertThat(api.get("/customers?externalId=same-user").json()).hasSize(1);
        assertThat(api.get("/events?event=leads&linkId=" + linkId).json()).hasSize(1);
        assertThat(api.get("/events?event=sales&linkId=" + linkId).json()).hasSize(1);
        assertThat(api.get("/customers/ext_same-user").json().get("saleAmount").asLong()).isEqualTo(1234);
    }

    private static List<Http.Response> all(List<Http> apis, String path, Map<String, Object> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Http target = apis.get(i % apis.size());
                calls.add(() -> {
                    go.await();
                    return target.post(path, body);
                });
            }
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (Callable<Http.Response> call : calls) {
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }
}
