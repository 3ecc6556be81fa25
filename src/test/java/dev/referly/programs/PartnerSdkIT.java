package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import dev.referly.workspaces.CreatedWorkspace;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official {@code dub} npm SDK's partners API against the real server:
 * {@code src/test/node/dub-partners.mjs}; the SDK validates every response with its schemas.
 * Needs Node.js on PATH (as DubSdkCompatIT does).
 */
@ParameterizedClass
@EnumSource(Store.class)
class PartnerSdkIT {
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    static final Pattern SUMMARY = Pattern.compile("(?m)^dub-sdk: (\\d+) passed, (\\d+) failed$");

    @Parameter
    Store store;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(Store store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void theDubSdksPartnersApiWorksUnchanged() throws Exception {
        CreatedWorkspace ws = server.app().workspaces().create("Dub SDK partners");
        new PartnerFixtures(server).programUrl(ws.workspace().id(), PartnerFixtures.PROGRAM_URL);
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/dub"))) {
            assertThat(run(List.of(executable("npm"), "ci", "--no-audit", "--no-fund"), null, null).exit()).isZero();
        }
        Result r = run(List.of(executable("node"), "dub-partners.mjs"), "http://localhost:" + server.port(), ws.apiKey());
        System.out.println("--- node dub-partners.mjs against " + store + " ---\n" + r.output());
        Matcher summary = SUMMARY.matcher(r.output());
        assertThat(summary.find()).as(r.output()).isTrue();
        assertThat(Integer.parseInt(summary.group(2))).as(r.output()).isZero();
        assertThat(Integer.parseInt(summary.group(1))).isPositive();
        assertThat(r.exit()).as(r.output()).isZero();
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command, String url, String apiKey) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        if (url != null) {
            pb.environment().put("REFERLY_URL", url);
            pb.environment().put("REFERLY_API_KEY", apiKey);
        }
        pb.environment().put("NO_COLOR", "1");
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(process.exitValue(), output);
    }

    private static String executable(String name) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException("'" + name + "' is not on PATH: PartnerSdkIT needs Node.js 20 or later with npm");
    }
}
