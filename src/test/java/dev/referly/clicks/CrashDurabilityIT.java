package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServeProcess;
import dev.referly.testing.Store;
import dev.referly.testing.UserAgents;
import dev.referly.testing.TestDatabases;
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
 * A real `referly serve` process under load is killed with SIGKILL; every redirect it had
 * answered must have its click in the database afterwards.
 */
class CrashDurabilityIT {
    @ParameterizedTest
    @EnumSource(Store.class)
    void killMinus9LosesNoAnsweredClick(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        ServeProcess server = ServeProcess.start(databaseUrl, true);
        try {
            Http api = server.api();
            Http.Response created = api.post("/links", Map.of("url", "https://example.com/crash", "key", "crash",
                    "trackConversion", true));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);

            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger visitor = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(300);
            Thread[] clients = new Thread[8];
            for (int t = 0; t < clients.length; t++) {
                clients[t] = Thread.ofPlatform().start(() -> {
                    Http browser = api.withKey(null);
                    while (true) {
                        int n = visitor.incrementAndGet();
                        String ip = "198.18." + (n / 250 % 250) + "." + (n % 250 + 1);
                        Http.Response r;
                        try {
                            r = browser.send("GET", "/crash", null, Map.of("X-Forwarded-For", ip,
                                    "User-Agent", UserAgents.CHROME_MAC));
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                        if (r.status() == 302) {
                            answered.add(r.header("Location").replaceAll(".*dub_id=", ""));
                            enough.countDown();
                        }
                    }
                });
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
            server.kill();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(40));
            }
            Set<String> stored = ServeProcess.stored(databaseUrl, "SELECT id FROM clicks");
            assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
            assertThat(stored).containsAll(answered);
        } finally {
            server.close();
            TestDatabases.dispose(databaseUrl);
        }
    }
}
