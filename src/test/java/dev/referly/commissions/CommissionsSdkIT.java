package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.rewards.RewardEvent;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official dub npm SDK's commissions and payouts calls against the real server
 * ({@code src/test/node/dub-commissions.mjs}); the SDK validates every response with its schemas.
 * Needs node and npm on PATH; installs the pinned SDK with {@code npm ci} when missing.
 */
@ParameterizedClass
@EnumSource(Store.class)
class CommissionsSdkIT {
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

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
    void theDubSdkAcceptsCommissionsAndPayouts() throws Exception {
        ProgramFixture f = ProgramFixture.create(server);
        f.reward(f.defaultGroupId, ProgramFixture.flat(RewardEvent.LEAD, 500));
        f.reward(f.defaultGroupId, ProgramFixture.percent(1000, null));
        String partner = f.partner(f.defaultGroupId, "sdk@partner.dev");
        f.lead(f.click(f.partnerLink(partner), null), "sdk-customer", "c@shop.dev", "Sign up");
        f.sale("sdk-customer", 10_000, "in_sdk_1", null);
        String commission = f.commissions("invoiceId=in_sdk_1").get(0).get("id").asText();
        f.api.post("/commissions", Map.of("partnerId", partner, "amount", 700));
        assertThat(f.api.post("/payouts/run", Map.of()).json()).hasSize(1);
        f.sale("sdk-customer", 5_000, "in_sdk_2", null); // pending, outside the payout
        String target = f.commissions("invoiceId=in_sdk_2").get(0).get("id").asText();

        synchronized (CommissionsSdkIT.class) {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules/dub"))) {
                assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300).exit()).isZero();
            }
        }
        Result r = run(List.of("node", "dub-commissions.mjs"), Map.of("REFERLY_URL", "http://localhost:" + server.port(),
                "REFERLY_API_KEY", f.apiKey, "COMMISSION_ID", target, "PARTNER_ID", partner), 120);
        System.out.println(r.output());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("dub-sdk: 6 passed, 0 failed");
        assertThat(commission).startsWith("cm_");
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
