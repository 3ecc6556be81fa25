package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /partners/ban and /partners/deactivate, and undoing them with PATCH status approved. */
class PartnerBanIT extends PartnerServerPerStore {
    @Test
    void aBanCancelsOpenCommissionsAndStopsTheLinksAtOnce() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String key = p.at("/links/0/key").asText();
        String pending = fx.commission(id, "pending", 500);
        String hold = fx.commission(id, "hold", 300);
        String paid = fx.commission(id, "paid", 200);
        String processed = fx.commission(id, "processed", 100);
        JsonNode bystander = fx.enroll(api(), Map.of());
        String theirs = fx.commission(bystander.get("id").asText(), "pending", 50);
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(302); // now in the redirect cache

        Http.Response r = api().post("/partners/ban", Map.of("partnerId", id, "reason", "fraud"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("partnerId").asText()).isEqualTo(id);
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(404);
        assertThat(fx.commissionStatus(pending)).isEqualTo("canceled");
        assertThat(fx.commissionStatus(hold)).isEqualTo("canceled");
        assertThat(fx.commissionStatus(paid)).isEqualTo("paid");
        assertThat(fx.commissionStatus(processed)).isEqualTo("processed");
        assertThat(fx.commissionStatus(theirs)).isEqualTo("pending");
        JsonNode banned = api().get("/partners/" + id).json();
        assertThat(banned.get("status").asText()).isEqualTo("banned");
        assertThat(banned.get("bannedReason").asText()).isEqualTo("fraud");
        assertThat(banned.get("bannedAt").asText()).isEqualTo(server.clock().instant().toString());
        assertThat(banned.get("totalCommissions").asLong()).isEqualTo(300); // paid + processed
        assertThat(api().get("/links/" + p.at("/links/0/id").asText()).json().get("disabledAt").isNull()).isFalse();
        Http.Response noNewLinks = api().post("/partners/links", Map.of("partnerId", id));
        assertThat(noNewLinks.status()).isEqualTo(403);
        assertThat(fx.visit(bystander.at("/links/0/key").asText(), "81.2.69.142").status()).isEqualTo(302);

        // Banning again changes nothing and still answers
        assertThat(api().post("/partners/ban", Map.of("partnerId", id, "reason", "spam")).status()).isEqualTo(200);
        assertThat(api().get("/partners/" + id).json().get("bannedReason").asText()).isEqualTo("fraud");

        // Unbanning by hand brings the links back; canceled commissions stay canceled
        JsonNode unbanned = api().patch("/partners/" + id, Map.of("status", "approved")).json();
        assertThat(unbanned.get("status").asText()).isEqualTo("approved");
        assertThat(unbanned.get("bannedAt").isNull()).isTrue();
        assertThat(unbanned.get("bannedReason").isNull()).isTrue();
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(302);
        assertThat(fx.commissionStatus(pending)).isEqualTo("canceled");
    }

    @Test
    void aBanByTenantIdNeedsOneOfDubsReasons() {
        JsonNode p = fx.enroll(api(), Map.of());
        String tenant = p.get("tenantId").asText();
        Http.Response missing = api().post("/partners/ban", Map.of("tenantId", tenant));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/error/message").asText()).startsWith("reason:");
        Http.Response wrong = api().post("/partners/ban", Map.of("tenantId", tenant, "reason", "rude"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().at("/error/message").asText()).startsWith("reason:").contains("brand_abuse");
        Http.Response nobody = api().post("/partners/ban", Map.of("reason", "spam"));
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.json().at("/error/message").asText()).startsWith("partnerId:");
        assertThat(api().get("/partners/" + p.get("id").asText()).json().get("status").asText()).isEqualTo("approved");
        Http.Response ok = api().post("/partners/ban", Map.of("tenantId", tenant, "reason", "brand_abuse"));
        assertThat(ok.json().get("partnerId").asText()).isEqualTo(p.get("id").asText());
        assertThat(api().get("/partners/" + p.get("id").asText()).json().get("bannedReason").asText())
                .isEqualTo("brand_abuse");
        Http.Response deactivateBanned = api().post("/partners/deactivate", Map.of("tenantId", tenant));
        assertThat(deactivateBanned.status()).isEqualTo(409);
    }

    @Test
    void deactivationStopsTheLinksButKeepsTheCommissions() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String key = p.at("/links/0/key").asText();
        String pending = fx.commission(id, "pending", 500);
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(302);
        Http.Response r = api().post("/partners/deactivate", Map.of("tenantId", p.get("tenantId").asText()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("partnerId").asText()).isEqualTo(id);
        assertThat(api().get("/partners/" + id).json().get("status").asText()).isEqualTo("deactivated");
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(404);
        assertThat(fx.commissionStatus(pending)).isEqualTo("pending");
        assertThat(api().get("/partners/" + id).json().get("totalCommissions").asLong()).isEqualTo(500);
        assertThat(api().post("/partners/deactivate", Map.of("partnerId", id)).status()).isEqualTo(200);
        assertThat(api().post("/partners/links", Map.of("partnerId", id)).status()).isEqualTo(403);
        Http.Response archive = api().patch("/partners/" + id, Map.of("status", "archived"));
        assertThat(archive.status()).isEqualTo(422);
        assertThat(api().patch("/partners/" + id, Map.of("status", "approved")).json().get("status").asText())
                .isEqualTo("approved");
        assertThat(fx.visit(key, "81.2.69.142").status()).isEqualTo(302);
    }

    @Test
    void anotherWorkspaceCannotBanOrDeactivate() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String pending = fx.commission(id, "pending", 500);
        Http other = server.otherApi();
        assertThat(other.post("/partners/ban", Map.of("partnerId", id, "reason", "spam")).status()).isEqualTo(404);
        assertThat(other.post("/partners/ban", Map.of("tenantId", p.get("tenantId").asText(), "reason", "spam"))
                .status()).isEqualTo(404);
        assertThat(other.post("/partners/deactivate", Map.of("partnerId", id)).status()).isEqualTo(404);
        assertThat(api().get("/partners/" + id).json().get("status").asText()).isEqualTo("approved");
        assertThat(fx.commissionStatus(pending)).isEqualTo("pending");
        assertThat(fx.visit(p.at("/links/0/key").asText(), "81.2.69.142").status()).isEqualTo(302);
        Map<String, Object> numeric = new HashMap<>();
        numeric.put("partnerId", 12);
        numeric.put("reason", "spam");
        assertThat(api().post("/partners/ban", numeric).json().at("/error/message").asText()).startsWith("partnerId:");
    }
}
