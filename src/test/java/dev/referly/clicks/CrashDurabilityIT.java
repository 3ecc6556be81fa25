package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.UserAgents;
import dev.referly.testing.TestDatabases;
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
 * A real `referly serve` process under load is killed with SIGKILL; every redirect it had
 * answered must have its click in the database afterwards.
 */
class CrashDurabilityIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern API_KEY = Pattern.compile("^\\s+(rly_[A-Za-z0-9]+)$");

    @ParameterizedTest
    @EnumSource(Store.class)
    void killMinus9LosesNoAnsweredClick(Store store) throws Exception {
        String databaseUrl = TestDatabases.fresh(store);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.referly.cli.Main", "serve", "--port", "0", "--database-url", databaseUrl)
                .redirectErrorStream(true)
                .start();
        try {
            String[] portAndKey = awaitStartup(server);
            Http api = new Http("http://localhost:" + portAndKey[0], portAndKey[1]);
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
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
            server.waitFor(10, TimeUnit.SECONDS);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(40));
            }
            Set<String> stored = storedClickIds(databaseUrl);
            assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
            assertThat(stored).containsAll(answered);
        } finally {
            server.destroyForcibly();
            TestDatabases.dispose(databaseUrl);
        }
    }

    private static String[] awaitStartup(Process server) throws Exception {
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
            if (m.find()) {
                port = m.group(1);
            }
            Matcher k = API_KEY.matcher(line);
            if (k.find()) {
                key = k.group(1);
            }
        }
        // keep draining the server's output so it never blocks on a full pipe
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        assertThat(port).as("server printed its port").isNotNull();
        assertThat(key).as("server printed its API key").isNotNull();
        return new String[] {port, key};
    }

    private static Set<String> storedClickIds(String databaseUrl) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(databaseUrl);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM clicks")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
