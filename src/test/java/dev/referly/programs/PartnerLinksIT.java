package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Partner links (create, upsert, list, the group's limit) and partner analytics after real visits. */
class PartnerLinksIT extends PartnerServerPerStore {
    @Test
    void aPartnerGetsMoreLinksOnTheProgramsSite() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        int n = PartnerFixtures.next();
        server.clock().advance(java.time.Duration.ofSeconds(1)); // links list oldest first
        Http.Response r = api().post("/partners/links", Map.of("partnerId", id, "key", "extra-" + n,
                "url", "https://shop.acme.example/deal", "comments", "spring", "linkProps", Map.of("title", "Deal")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode link = r.json();
        assertThat(link.get("key").asText()).isEqualTo("extra-" + n);
        assertThat(link.get("url").asText()).isEqualTo("https://shop.acme.example/deal");
        assertThat(link.get("partnerId").asText()).isEqualTo(id);
        assertThat(link.get("programId").asText()).isEqualTo(p.get("programId").asText());
        assertThat(link.get("tenantId").asText()).isEqualTo(p.get("tenantId").asText());
        assertThat(link.get("trackConversion").asBoolean()).isTrue();
        assertThat(link.get("comments").asText()).isEqualTo("spring");
        assertThat(link.get("title").asText()).isEqualTo("Deal");
        assertThat(link.get("shortLink").asText()).isEqualTo("https://refer.ly/extra-" + n);
        server.clock().advance(java.time.Duration.ofSeconds(1));
        JsonNode byTenant = api().post("/partners/links", Map.of("tenantId", p.get("tenantId").asText())).json();
        assertThat(byTenant.get("url").asText()).isEqualTo(PartnerFixtures.PROGRAM_URL);
        assertThat(byTenant.get("partnerId").asText()).isEqualTo(id);
        JsonNode listed = api().get("/partners/links?tenantId=" + p.get("tenantId").asText()).json();
        assertThat(ids(listed)).containsExactly(p.at("/links/0/id").asText(), link.get("id").asText(),
                byTenant.get("id").asText());
        assertThat(listed.get(1).get("title").asText()).isEqualTo("Deal"); // the full Link shape
        assertThat(ids(api().get("/partners/links?partnerId=" + id).json())).hasSize(3);
        assertThat(api().get("/partners/" + id).json().get("links")).hasSize(3);

        Http.Response offSite = api().post("/partners/links", Map.of("partnerId", id, "url", "https://evil.example/"));
        assertThat(offSite.status()).isEqualTo(422);
        assertThat(offSite.json().at("/error/message").asText()).startsWith("url:");
        Http.Response badProp = api().post("/partners/links", Map.of("partnerId", id, "linkProps", Map.of("ios", "ftp://x")));
        assertThat(badProp.status()).isEqualTo(422);
        assertThat(badProp.json().at("/error/message").asText()).startsWith("linkProps.ios:");
        Http.Response taken = api().post("/partners/links", Map.of("partnerId", id, "key", "extra-" + n));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(api().post("/partners/links", Map.of("url", PartnerFixtures.PROGRAM_URL)).json()
                .at("/error/message").asText()).startsWith("partnerId:");
        assertThat(api().post("/partners/links", Map.of("partnerId", "pn_nope")).status()).isEqualTo(404);
        assertThat(api().get("/partners/links?tenantId=nobody").status()).isEqualTo(404);
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", id)).isEqualTo(3);
    }

    @Test
    void theGroupsMaxPartnerLinksIsEnforced() {
        int n = PartnerFixtures.next();
        fx.group(api(), "capped-" + n, 2, null);
        JsonNode p = fx.enroll(api(), Map.of("groupId", "capped-" + n));
        String id = p.get("id").asText();
        assertThat(api().post("/partners/links", Map.of("partnerId", id)).status()).isEqualTo(201);
        Http.Response third = api().post("/partners/links", Map.of("partnerId", id));
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.json().at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(third.json().at("/error/message").asText()).contains("(2)");
        Http.Response upsertNew = api().put("/partners/links/upsert", Map.of("partnerId", id,
                "url", "https://acme.example/new"));
        assertThat(upsertNew.status()).isEqualTo(403);
        Http.Response upsertExisting = api().put("/partners/links/upsert", Map.of("partnerId", id,
                "url", PartnerFixtures.PROGRAM_URL, "comments", "still fine"));
        assertThat(upsertExisting.status()).as(upsertExisting.toString()).isEqualTo(200);
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", id)).isEqualTo(2);
    }

    @Test
    void upsertChangesThePartnersLinkForTheUrlOrCreatesOne() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String url = "https://acme.example/pricing";
        Http.Response created = api().put("/partners/links/upsert", Map.of("partnerId", id, "url", url));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String linkId = created.json().get("id").asText();
        Http.Response same = api().put("/partners/links/upsert", Map.of("partnerId", id, "url", url));
        assertThat(same.json().get("id").asText()).isEqualTo(linkId);
        assertThat(same.json().get("updatedAt").asText()).isEqualTo(created.json().get("updatedAt").asText());
        int n = PartnerFixtures.next();
        JsonNode changed = api().put("/partners/links/upsert", Map.of("tenantId", p.get("tenantId").asText(), "url", url,
                "key", "pricing-" + n, "linkProps", Map.of("comments", "renamed"))).json();
        assertThat(changed.get("id").asText()).isEqualTo(linkId);
        assertThat(changed.get("key").asText()).isEqualTo("pricing-" + n);
        assertThat(changed.get("comments").asText()).isEqualTo("renamed");
        assertThat(fx.visit("pricing-" + n, "81.2.69.150").header("Location")).startsWith(url);
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", id)).isEqualTo(2);
        // Another partner's link with the same URL is not this partner's
        JsonNode other = fx.enroll(api(), Map.of());
        String otherLink = api().put("/partners/links/upsert", Map.of("partnerId", other.get("id").asText(), "url", url))
                .json().get("id").asText();
        assertThat(otherLink).isNotEqualTo(linkId);
        Http.Response noUrl = api().put("/partners/links/upsert", Map.of("partnerId", id));
        assertThat(noUrl.status()).isEqualTo(422);
        assertThat(noUrl.json().at("/error/message").asText()).startsWith("url:");
    }

    @Test
    void analyticsCountTheVisitsLeadsAndEarningsOfThePartnersLinks() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        String key = p.at("/links/0/key").asText();
        String linkId = p.at("/links/0/id").asText();
        Http.Response first = fx.visit(key, "81.2.69.142");
        assertThat(first.status()).isEqualTo(302);
        String clickId = first.header("Location").replaceAll(".*dub_id=", "");
        fx.visit(key, "81.2.69.143");
        Http.Response lead = api().post("/track/lead", Map.of("clickId", clickId, "eventName", "Sign up",
                "customerExternalId", "cust-" + id));
        assertThat(lead.status()).as(lead.toString()).isEqualTo(200);
        assertThat(lead.json().at("/link/id").asText()).isEqualTo(linkId);
        fx.commission(id, "pending", 700);
        fx.commission(id, "canceled", 9_999); // does not count
        JsonNode unrelated = fx.enroll(api(), Map.of());
        fx.visit(unrelated.at("/links/0/key").asText(), "81.2.69.144");

        JsonNode count = api().get("/partners/analytics?partnerId=" + id).json();
        assertThat(count.get("clicks").asLong()).isEqualTo(2);
        assertThat(count.get("leads").asLong()).isEqualTo(1);
        assertThat(count.get("sales").asLong()).isZero();
        assertThat(count.get("saleAmount").asLong()).isZero();
        assertThat(count.get("earnings").asLong()).isEqualTo(700);
        assertThat(api().get("/partners/analytics?tenantId=" + p.get("tenantId").asText() + "&groupBy=count").json())
                .isEqualTo(count);

        JsonNode series = api().get("/partners/analytics?partnerId=" + id + "&groupBy=timeseries").json();
        assertThat(series).hasSizeBetween(24, 25); // the hours of the last day, the current one included
        long clicks = 0;
        long earnings = 0;
        for (JsonNode bucket : series) {
            assertThat(bucket.get("start").asText()).endsWith("Z");
            clicks += bucket.get("clicks").asLong();
            earnings += bucket.get("earnings").asLong();
        }
        assertThat(clicks).isEqualTo(2);
        assertThat(earnings).isEqualTo(700);

        JsonNode top = api().get("/partners/analytics?partnerId=" + id + "&groupBy=top_links&interval=7d").json();
        assertThat(top).hasSize(1);
        assertThat(top.get(0).get("id").asText()).isEqualTo(linkId);
        assertThat(top.get(0).get("link").asText()).isEqualTo(linkId);
        assertThat(top.get(0).get("shortLink").asText()).isEqualTo("https://refer.ly/" + key);
        assertThat(top.get(0).get("partnerId").asText()).isEqualTo(id);
        assertThat(top.get(0).get("clicks").asLong()).isEqualTo(2);
        assertThat(top.get(0).get("leads").asLong()).isEqualTo(1);
        assertThat(top.get(0).get("earnings").asLong()).isEqualTo(0); // the commission row names no link

        JsonNode partner = api().get("/partners/" + id).json();
        assertThat(partner.get("totalClicks").asLong()).isEqualTo(2);
        assertThat(partner.get("totalLeads").asLong()).isEqualTo(1);
        assertThat(partner.get("totalCommissions").asLong()).isEqualTo(700);
        assertThat(partner.get("netRevenue").asLong()).isEqualTo(-700);
        assertThat(partner.at("/links/0/clicks").asLong()).isEqualTo(2);

        assertThat(api().get("/partners/analytics?partnerId=" + id + "&groupBy=countries").status()).isEqualTo(422);
        assertThat(api().get("/partners/analytics?partnerId=" + id + "&interval=2w").status()).isEqualTo(422);
        assertThat(api().get("/partners/analytics").status()).isEqualTo(422);
        assertThat(server.otherApi().get("/partners/analytics?partnerId=" + id).status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspaceCannotTouchThePartnersLinks() {
        JsonNode p = fx.enroll(api(), Map.of());
        String id = p.get("id").asText();
        Http other = server.otherApi();
        assertThat(other.get("/partners/links?partnerId=" + id).status()).isEqualTo(404);
        assertThat(other.post("/partners/links", Map.of("partnerId", id, "url", "https://other.example/")).status())
                .isEqualTo(404);
        assertThat(other.put("/partners/links/upsert", Map.of("partnerId", id, "url", PartnerFixtures.PROGRAM_URL))
                .status()).isEqualTo(404);
        Map<String, Object> nullUrl = new HashMap<>();
        nullUrl.put("partnerId", id);
        nullUrl.put("url", 5);
        assertThat(api().post("/partners/links", nullUrl).json().at("/error/message").asText()).startsWith("url:");
        assertThat(fx.count("SELECT COUNT(*) FROM links WHERE partner_id = ?", id)).isEqualTo(1);
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(j -> j.get("id").asText()).toList();
    }
}
