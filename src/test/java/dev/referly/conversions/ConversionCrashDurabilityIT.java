package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServeProcess;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import dev.referly.testing.UserAgents;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real `referly serve` process tracking leads and sales is killed with SIGKILL: every
 * conversion it had answered 200 must be in the database afterwards (a 200 means committed).
 */
class ConversionCrashDurabilityIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void killMinus9LosesNoAnsweredConversion(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        ServeProcess server = ServeProcess.start(databaseUrl, true);
        try {
            Http api = server.api();
            api.post("/links", Map.of("url", "https://example.com/crash", "key", "crash", "trackConversion", true));
            String clickId = api.withKey(null).send("GET", "/crash", null, Map.of("X-Forwarded-For", "81.2.69.142",
                    "User-Agent", UserAgents.CHROME_MAC)).header("Location").replaceAll(".*dub_id=", "");

            Set<String> leads = ConcurrentHashMap.newKeySet();
            Set<String> sales = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(300);
            Thread[] clients = new Thread[16];
            for (int t = 0; t < clients.length; t++) {
                clients[t] = Thread.ofPlatform().start(() -> {
                    while (true) {
                        String id = "crash-" + next.incrementAndGet();
                        try {
                            Http.Response lead = api.post("/track/lead", Map.of("clickId", clickId,
                                    "eventName", "Sign up", "customerExternalId", id));
                            if (lead.status() != 200 || !lead.json().get("recorded").asBoolean()) {
                                continue;
                            }
                            leads.add(id);
                            Http.Response sale = api.post("/track/sale", Map.of("customerExternalId", id,
                                    "amount", 100, "invoiceId", id));
                            if (sale.status() == 200 && !sale.json().get("sale").isNull()) {
                                sales.add(id);
                                enough.countDown();
                            }
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                    }
                });
            }
            assertThat(enough.await(90, TimeUnit.SECONDS)).isTrue();
            server.kill(); // SIGKILL: no shutdown hook, no final commit
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(40));
            }
            assertThat(sales).hasSizeGreaterThanOrEqualTo(300);
            assertThat(ServeProcess.stored(databaseUrl, "SELECT c.external_id FROM customers c JOIN leads l ON l.customer_id = c.id"))
                    .containsAll(leads);
            assertThat(ServeProcess.stored(databaseUrl, "SELECT invoice_id FROM sales")).containsAll(sales);
        } finally {
            server.close();
            TestDatabases.dispose(databaseUrl);
        }
    }
}
