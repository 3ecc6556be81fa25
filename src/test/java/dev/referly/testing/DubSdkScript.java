package dev.referly.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one of the scripts in {@code src/test/node} that drive the official {@code dub} npm SDK
 * (pinned in package.json) against a live server, and fails the test unless every check passed.
 * Each script prints a line per check and ends with "dub-sdk: N passed, M failed". The SDK is
 * installed with {@code npm ci} from the npm registry the first time it is missing.
 */
public final class DubSdkScript {
    public static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern SUMMARY = Pattern.compile("(?m)^dub-sdk: (\\d+) passed, (\\d+) failed$");
    private static boolean installed;

    private DubSdkScript() {}

    /** Runs {@code script} with REFERLY_URL and REFERLY_API_KEY set; its output is printed and checked. */
    public static void passes(String script, String baseUrl, String apiKey) {
        passes(script, baseUrl, apiKey, Map.of());
    }

    /** As {@link #passes(String, String, String)}, with more environment variables for the script. */
    public static void passes(String script, String baseUrl, String apiKey, Map<String, String> env) {
        Path node = executable("node");
        installOnce(executable("npm"));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("REFERLY_URL", baseUrl);
        all.put("REFERLY_API_KEY", apiKey);
        Result run = run(List.of(node.toString(), script), all, SCRIPT_TIMEOUT);
        System.out.println("--- node " + script + " against " + baseUrl + " (" + run.millis() + " ms) ---");
        System.out.print(run.output());
        System.out.println("--- end of " + script + " output ---");
        assertThat(run.timedOut()).as("%s finished within %s; output:%n%s", script, SCRIPT_TIMEOUT, run.output())
                .isFalse();
        Matcher summary = SUMMARY.matcher(run.output());
        assertThat(summary.find()).as("summary line in output:%n%s", run.output()).isTrue();
        assertThat(Integer.parseInt(summary.group(2))).as("failed SDK checks; output:%n%s", run.output()).isZero();
        assertThat(Integer.parseInt(summary.group(1))).as("passed SDK checks").isPositive();
        assertThat(run.exitCode()).as("exit code of node %s; output:%n%s", script, run.output()).isZero();
    }

    /** {@code npm ci} once per JVM, only when the pinned SDK is not installed yet. */
    private static synchronized void installOnce(Path npm) {
        if (installed) {
            return;
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/dub"))) {
            Result ci = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_TIMEOUT);
            System.out.print(ci.output());
            if (ci.timedOut() || ci.exitCode() != 0) {
                fail("npm ci in %s failed (%s); it installs the dub SDK from the npm registry. Output:%n%s", NODE_DIR,
                        ci.timedOut() ? "timed out after " + INSTALL_TIMEOUT : "exit code " + ci.exitCode(),
                        ci.output());
            }
        }
        installed = true;
    }

    /** The program on PATH; these tests need Node.js (node and npm). */
    private static Path executable(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                for (String n : names) {
                    Path candidate = Path.of(dir, n);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return fail("'%s' was not found on PATH (%s). The dub SDK tests run the dub npm SDK: install Node.js 20 or "
                + "later (with npm) and put it on PATH.", name, path);
    }

    private record Result(int exitCode, boolean timedOut, String output, long millis) {}

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        long started = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String text = output.get(10, TimeUnit.SECONDS);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            return new Result(finished ? process.exitValue() : -1, !finished, text, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the output of " + command, e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
