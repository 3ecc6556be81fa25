package dev.referly.referrals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent PUT /partners/{id}/referral-code on one partner (issue 14 item 10): on PostgreSQL
 * two requests that each deactivated the other's code used to deadlock and answer 500, and two
 * requests could both leave their code active. Every answer is now 200 or 409, and the partner
 * ends with exactly one active code, the one GET shows.
 */
class ReferralCodeConcurrencyIT extends ServerPerStore {
    private static final int ROUNDS = 40;
    private static final int PARALLEL = 6;

    @Test
    void concurrentCodeChangesNeitherDeadlockNorLeaveTwoActiveCodes() throws Exception {
        Http api = api().withKey(server.app().workspaces().create("Referral codes").apiKey());
        assertThat(api.patch("/program", Map.of("url", "https://acme.example")).status()).isEqualTo(200);
        String partner = api.post("/partners", Map.of("name", "Ann", "email", "ann@example.com", "tenantId", "ann"))
                .json().get("id").asText();
        List<Integer> statuses = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Long> activeAfterEachRound = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Http.Response>> answers = new ArrayList<>();
                for (int i = 0; i < PARALLEL; i++) {
                    Map<String, Object> body = new HashMap<>();
                    body.put("code", i % 3 == 2 ? null : "VIP-" + (i % 2)); // two vanity codes and fresh ones
                    answers.add(pool.submit(() -> api.put("/partners/" + partner + "/referral-code", body)));
                }
                for (Future<Http.Response> f : answers) {
                    Http.Response r = f.get();
                    statuses.add(r.status());
                    if (r.status() != 200) {
                        failures.add(r.toString());
                    }
                }
                long active = server.app().database().jdbi().withHandle(h -> h.createQuery(
                                "SELECT COUNT(*) FROM referral_codes WHERE partner_id = :p AND active = TRUE")
                        .bind("p", partner).mapTo(Long.class).one());
                activeAfterEachRound.add(active);
            }
        }
        assertThat(statuses).as(String.join("\n", failures)).allMatch(s -> s == 200);
        assertThat(activeAfterEachRound).as("active codes after each round").allMatch(n -> n == 1);
        String shown = api.get("/partners/" + partner + "/referral-code").json().get("referralCode").asText();
        String stored = server.app().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT code FROM referral_codes WHERE partner_id = :p AND active = TRUE")
                .bind("p", partner).mapTo(String.class).one());
        assertThat(shown).isEqualTo(stored);
    }

    @Test
    void twoPartnersRacingForOneVanityCodeGetOneWinnerAndOne409() throws Exception {
        Http api = api().withKey(server.app().workspaces().create("Referral race").apiKey());
        assertThat(api.patch("/program", Map.of("url", "https://acme.example")).status()).isEqualTo(200);
        for (int round = 0; round < 15; round++) {
            List<String> partners = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                partners.add(api.post("/partners", Map.of("name", "P" + i, "email", "p" + round + "-" + i
                        + "@example.com", "tenantId", "race-" + round + "-" + i)).json().get("id").asText());
            }
            String code = "RACE-" + round;
            List<Http.Response> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Http.Response>> futures = new ArrayList<>();
                for (String p : partners) {
                    futures.add(pool.submit(() -> api.put("/partners/" + p + "/referral-code", Map.of("code", code))));
                }
                for (Future<Http.Response> f : futures) {
                    answers.add(f.get());
                }
            }
            assertThat(answers.stream().map(Http.Response::status).sorted().toList()).as(answers.toString())
                    .containsExactly(200, 409);
            String winner = partners.get(answers.get(0).status() == 200 ? 0 : 1);
            String loser = partners.get(answers.get(0).status() == 200 ? 1 : 0);
            assertThat(api.get("/partners/" + winner + "/referral-code").json().get("referralCode").asText())
                    .isEqualTo(code);
            // The loser keeps the code it had: a refused change changes nothing.
            assertThat(api.get("/partners/" + loser + "/referral-code").json().get("referralCode").asText())
                    .isNotEqualTo(code).isNotEmpty();
        }
    }
}
