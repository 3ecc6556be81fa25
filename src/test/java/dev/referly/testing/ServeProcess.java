package dev.referly.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code referly serve} process of its own (for the crash tests, which kill it with SIGKILL),
 * on the test class path, with a random port. Its output is read until it prints its port and,
 * on an installation's first start, the API key of the workspace it created.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern API_KEY = Pattern.compile("^\\s+(rly_[A-Za-z0-9]+)$");

    private final Process process;
    private final int port;
    private final String apiKey;

    private ServeProcess(Process process, int port, String apiKey) {
        this.process = process;
        this.port = port;
        this.apiKey = apiKey;
    }

    /** Starts {@code serve} on the database and waits until it listens (and, if {@code expectKey}, printed a key). */
    public static ServeProcess start(String databaseUrl, boolean expectKey, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.referly.cli.Main", "serve", "--port", "0", "--database-url", databaseUrl,
                // The crash tests send as fast as they can with one key: they are about durability, not limits.
                "--rate-limits", "api-key=off"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String port = null;
        String key = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((port == null || (expectKey && key == null)) && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                process.destroyForcibly();
                throw new AssertionError("server exited before it was ready");
            }
            Matcher m = LISTENING.matcher(line);
            port = m.find() ? m.group(1) : port;
            Matcher k = API_KEY.matcher(line);
            key = k.find() ? k.group(1) : key;
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // never let the server block on its output
        assertThat(port).as("server printed its port").isNotNull();
        if (expectKey) {
            assertThat(key).as("server printed its API key").isNotNull();
        }
        return new ServeProcess(process, Integer.parseInt(port), key);
    }

    /** The API as the workspace created at first start (its key is null when none was printed). */
    public Http api() {
        return new Http("http://localhost:" + port, apiKey);
    }

    /** SIGKILL: no shutdown hook, no final flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The first column of every row {@code sql} selects, read straight from the database. */
    public static Set<String> stored(String databaseUrl, String sql) throws SQLException {
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
