package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import dev.referly.testing.UserAgents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real `referly serve` process tracking leads and sales is killed with SIGKILL: every
 * conversion it had answered 200 must be in the database afterwards (a 200 means committed).
 */
class ConversionCrashDurabilityIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern API_KEY = Pattern.compile("^\\s+(rly_[A-Za-z0-9]+)$");

    @ParameterizedTest
    @EnumSource(Store.class)
    void killMinus9LosesNoAnsweredConversion(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.referly.cli.Main", "serve", "--port", "0", "--database-url", databaseUrl)
                .redirectErrorStream(true)
                .start();
        try {
            Http api = startedApi(server);
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
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            server.waitFor(10, TimeUnit.SECONDS);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(40));
            }
            assertThat(sales).hasSizeGreaterThanOrEqualTo(300);
            assertThat(stored(databaseUrl, "SELECT c.external_id FROM customers c JOIN leads l ON l.customer_id = c.id"))
                    .containsAll(leads);
            assertThat(stored(databaseUrl, "SELECT invoice_id FROM sales")).containsAll(sales);
        } finally {
            server.destroyForcibly();
            TestDatabases.dispose(databaseUrl);
        }
    }

    private static Http startedApi(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String port = null;
        String key = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((port == null || key == null) && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("server exited before it was ready");
            }
            Matcher m = LISTENING.matcher(line);
            port = m.find() ? m.group(1) : port;
            Matcher k = API_KEY.matcher(line);
            key = k.find() ? k.group(1) : key;
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // never let the server block on its output
        assertThat(port).as("server printed its port").isNotNull();
        assertThat(key).as("server printed its API key").isNotNull();
        return new Http("http://localhost:" + port, key);
    }

    private static Set<String> stored(String databaseUrl, String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = DriverManager.getConnection(databaseUrl);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
