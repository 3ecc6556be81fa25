package dev.referly.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksIT extends ServerPerStore {
    static final List<String> LINK_KEYS = List.of("id", "domain", "key", "url", "trackConversion", "externalId",
            "tenantId", "programId", "partnerId", "archived", "expiresAt", "expiredUrl", "disabledAt", "password",
            "proxy", "title", "description", "image", "video", "rewrite", "doIndex", "ios", "android", "geo",
            "publicStats", "tags", "folderId", "comments", "shortLink", "qrCode", "utm_source", "utm_medium",
            "utm_campaign", "utm_term", "utm_content", "userId", "workspaceId", "clicks", "leads", "conversions",
            "sales", "saleAmount", "lastClicked", "createdAt", "updatedAt", "tagId", "projectId", "webhookIds");


    @Test
    void createReturnsTheFullLinkObjectWithARandomSevenCharacterKey() {
        Http.Response r = api().post("/links", Map.of("url", "https://example.com/a"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode link = r.json();
        for (String key : LINK_KEYS) {
            assertThat(link.has(key)).as("key %s present", key).isTrue();
        }
        assertThat(link.get("key").asText()).matches("[A-Za-z0-9]{7}");
        assertThat(link.get("domain").asText()).isEqualTo("refer.ly");
        assertThat(link.get("id").asText()).startsWith("link_");
        assertThat(link.get("workspaceId").asText()).isEqualTo(server.workspaceId());
        assertThat(link.get("shortLink").asText()).isEqualTo("https://refer.ly/" + link.get("key").asText());
        assertThat(link.get("externalId").isNull()).isTrue();
        assertThat(link.get("clicks").asLong()).isZero();
        assertThat(link.get("createdAt").asText()).isEqualTo(server.clock().instant().toString());
    }

    @Test
    void storesEveryWritableAttribute() {
        // partnerId and programId must be the workspace's own (CrossWorkspaceIdsIT refuses others').
        String programId = api().patch("/program", Map.of("url", "https://example.com")).json().get("id").asText();
        String partnerId = api().post("/partners", Map.of("name", "All", "email", "all-fields@example.com"))
                .json().get("id").asText();
        Map<String, Object> body = Map.ofEntries(
                Map.entry("url", "https://example.com/b"), Map.entry("key", "all-fields"),
                Map.entry("externalId", "ext-all"), Map.entry("tenantId", "tenant-1"),
                Map.entry("partnerId", partnerId), Map.entry("programId", programId),
                Map.entry("trackConversion", true), Map.entry("expiresAt", "2027-01-01T00:00:00Z"),
                Map.entry("expiredUrl", "https://example.com/expired"), Map.entry("title", "Title"),
                Map.entry("geo", Map.of("us", "https://example.com/us")), Map.entry("comments", "c"),
                Map.entry("utm_campaign", "launch"));
        JsonNode link = api().post("/links", body).json();
        assertThat(link.get("externalId").asText()).isEqualTo("ext-all");
        assertThat(link.get("tenantId").asText()).isEqualTo("tenant-1");
        assertThat(link.get("partnerId").asText()).isEqualTo(partnerId);
        assertThat(link.get("programId").asText()).isEqualTo(programId);
        assertThat(link.get("trackConversion").asBoolean()).isTrue();
        assertThat(link.get("expiresAt").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(link.get("geo").get("US").asText()).isEqualTo("https://example.com/us");
        assertThat(link.get("utm_campaign").asText()).isEqualTo("launch");
        assertThat(link.get("url").asText()).isEqualTo("https://example.com/b?utm_campaign=launch");
        JsonNode again = api().get("/links/ext_ext-all").json();
        assertThat(again).isEqualTo(link);
    }

    @Test
    void duplicateKeyOnADomainIsAConflict() {
        assertThat(api().post("/links", Map.of("url", "https://example.com", "key", "dup")).status()).isEqualTo(200);
        Http.Response clash = api().post("/links", Map.of("url", "https://example.com/x", "key", "dup"));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().at("/error/code").asText()).isEqualTo("conflict");
        // another workspace cannot take it either: keys are unique per domain
        assertThat(server.otherApi().post("/links", Map.of("url", "https://example.com", "key", "dup")).status())
                .isEqualTo(409);
        // the same key on another domain is fine
        assertThat(api().post("/links", Map.of("url", "https://example.com", "key", "dup", "domain", "go.example.com"))
                .status()).isEqualTo(200);
    }

    @Test
    void duplicateExternalIdIsAConflict() {
        api().post("/links", Map.of("url", "https://example.com", "externalId", "same"));
        assertThat(api().post("/links", Map.of("url", "https://example.com", "externalId", "same")).status())
                .isEqualTo(409);
    }

    @Test
    void invalidInputIsA422NamingTheFieldAndChangesNothing() {
        long before = api().get("/links/count").json().asLong();
        for (Object[] row : new Object[][] {
                {Map.of("url", "javascript:alert(1)"), "url"},
                {Map.of("url", "data:text/html,hi"), "url"},
                {Map.of("url", "ftp://example.com"), "url"},
                {Map.of("url", "not a url"), "url"},
                {Map.of("key", "x"), "url"},
                {Map.of("url", "https://example.com", "key", "links"), "key"},
                {Map.of("url", "https://example.com", "key", "a b"), "key"},
                {Map.of("url", "https://example.com", "trackConversion", "yes"), "trackConversion"},
                {Map.of("url", "https://example.com", "expiresAt", "tomorrow"), "expiresAt"},
                {Map.of("url", "https://example.com", "domain", "bad domain"), "domain"},
                {Map.of("url", "https://example.com", "expiredUrl", "javascript:x"), "expiredUrl"},
        }) {
            Http.Response r = api().post("/links", row[0]);
            assertThat(r.status()).as("%s", row[0]).isEqualTo(422);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("unprocessable_entity");
            assertThat(r.json().at("/error/message").asText()).startsWith(row[1] + ":");
        }
        assertThat(api().get("/links/count").json().asLong()).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400AndAuthIsRequired() {
        Http.Response bad = api().post("/links", "{not json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/code").asText()).isEqualTo("bad_request");
        Http.Response noKey = server.visitor().post("/links", Map.of("url", "https://example.com"));
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(api().withKey("rly_wrong").get("/links").status()).isEqualTo(401);
        assertThat(server.visitor().send("GET", "/links", null, Map.of("Authorization", "Basic abc")).status())
                .isEqualTo(401);
    }

    @Test
    void updateChangesOnlyWhatIsSent() {
        JsonNode link = api().post("/links", Map.of("url", "https://example.com/u", "title", "Old", "key", "upd")).json();
        JsonNode updated = api().patch("/links/" + link.get("id").asText(), Map.of("title", "New", "archived", true)).json();
        assertThat(updated.get("title").asText()).isEqualTo("New");
        assertThat(updated.get("archived").asBoolean()).isTrue();
        assertThat(updated.get("url").asText()).isEqualTo("https://example.com/u");
        assertThat(updated.get("key").asText()).isEqualTo("upd");
        Http.Response invalid = api().patch("/links/" + link.get("id").asText(), Map.of("url", "javascript:x"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(api().get("/links/" + link.get("id").asText()).json().get("url").asText())
                .isEqualTo("https://example.com/u");
    }

    @Test
    void deleteRemovesTheLink() {
        String id = api().post("/links", Map.of("url", "https://example.com/d")).json().get("id").asText();
        Http.Response deleted = api().delete("/links/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("id").asText()).isEqualTo(id);
        assertThat(api().get("/links/" + id).status()).isEqualTo(404);
        assertThat(api().delete("/links/" + id).status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspacesLinksAreNotFound() {
        JsonNode link = api().post("/links", Map.of("url", "https://example.com/mine", "key", "mine",
                "externalId", "mine-ext")).json();
        String id = link.get("id").asText();
        Http other = server.otherApi();
        assertThat(other.get("/links/" + id).status()).isEqualTo(404);
        assertThat(other.get("/links/ext_mine-ext").status()).isEqualTo(404);
        assertThat(other.patch("/links/" + id, Map.of("title", "hijack")).status()).isEqualTo(404);
        assertThat(other.delete("/links/" + id).status()).isEqualTo(404);
        assertThat(other.get("/links/info?domain=refer.ly&key=mine").status()).isEqualTo(404);
        assertThat(other.get("/links/info?linkId=" + id).status()).isEqualTo(404);
        assertThat(other.get("/links").json().findValuesAsText("id")).doesNotContain(id);
        assertThat(other.patch("/links/bulk", Map.of("linkIds", List.of(id), "data", Map.of("title", "x"))).json())
                .isEmpty();
        assertThat(other.send("DELETE", "/links/bulk?linkIds=" + id, null, Map.of()).json().get("deletedCount").asInt())
                .isZero();
        assertThat(api().get("/links/" + id).json().get("title").isNull()).isTrue();
        long mine = api().get("/links/count").json().asLong();
        assertThat(other.get("/links/count").json().asLong()).isLessThan(mine);
        // the other workspace's upsert of the same URL makes its own link, leaving ours alone
        JsonNode theirs = other.put("/links/upsert", Map.of("url", "https://example.com/mine", "title", "theirs")).json();
        assertThat(theirs.get("id").asText()).isNotEqualTo(id);
        assertThat(api().get("/links/" + id).json().get("title").isNull()).isTrue();
    }

    @Test
    void infoFindsByDomainAndKeyByIdAndByExternalId() {
        JsonNode link = api().post("/links", Map.of("url", "https://example.com/i", "key", "info-key",
                "externalId", "info-ext")).json();
        String id = link.get("id").asText();
        assertThat(api().get("/links/info?domain=refer.ly&key=info-key").json().get("id").asText()).isEqualTo(id);
        assertThat(api().get("/links/info?linkId=" + id).json().get("id").asText()).isEqualTo(id);
        assertThat(api().get("/links/info?externalId=info-ext").json().get("id").asText()).isEqualTo(id);
        assertThat(api().get("/links/info?domain=refer.ly&key=missing").status()).isEqualTo(404);
        assertThat(api().get("/links/info").status()).isEqualTo(400);
    }

    @Test
    void listFiltersSearchesAndPagesAndCountAgrees() {
        for (int i = 0; i < 5; i++) {
            api().post("/links", Map.of("url", "https://list.example.com/" + i, "tenantId", "tenant-list",
                    "domain", "list.example.com"));
            server.clock().advance(java.time.Duration.ofSeconds(1));
        }
        JsonNode page1 = api().get("/links?domain=list.example.com&pageSize=2&page=1").json();
        JsonNode page3 = api().get("/links?domain=list.example.com&pageSize=2&page=3").json();
        assertThat(page1).hasSize(2);
        assertThat(page3).hasSize(1);
        assertThat(page1.get(0).get("url").asText()).isEqualTo("https://list.example.com/4"); // newest first
        assertThat(api().get("/links?tenantId=tenant-list").json()).hasSize(5);
        assertThat(api().get("/links?search=list.example.com/3").json()).hasSize(1);
        assertThat(api().get("/links/count?domain=list.example.com").json().asLong()).isEqualTo(5);
        assertThat(api().get("/links?pageSize=1000").status()).isEqualTo(422);
    }

    @Test
    void upsertReturnsTheLinkForTheSameUrlOrCreatesOne() {
        JsonNode first = api().put("/links/upsert", Map.of("url", "https://example.com/upsert")).json();
        JsonNode same = api().put("/links/upsert", Map.of("url", "https://example.com/upsert")).json();
        assertThat(same.get("id")).isEqualTo(first.get("id"));
        JsonNode changed = api().put("/links/upsert", Map.of("url", "https://example.com/upsert", "title", "T")).json();
        assertThat(changed.get("id")).isEqualTo(first.get("id"));
        assertThat(changed.get("title").asText()).isEqualTo("T");
        JsonNode other = api().put("/links/upsert", Map.of("url", "https://example.com/upsert-2")).json();
        assertThat(other.get("id")).isNotEqualTo(first.get("id"));
    }

    @Test
    void bulkCreateUpdateAndDelete() {
        JsonNode created = api().post("/links/bulk", List.of(
                Map.of("url", "https://example.com/b1", "key", "bulk-1"),
                Map.of("url", "javascript:alert(1)"),
                Map.of("url", "https://example.com/b2", "externalId", "bulk-ext"))).json();
        assertThat(created).hasSize(3);
        assertThat(created.get(0).get("key").asText()).isEqualTo("bulk-1");
        assertThat(created.get(1).get("code").asText()).isEqualTo("unprocessable_entity");
        assertThat(created.get(1).get("error").asText()).startsWith("url:");
        String id1 = created.get(0).get("id").asText();
        String id2 = created.get(2).get("id").asText();

        JsonNode updated = api().patch("/links/bulk", Map.of("linkIds", List.of(id1), "externalIds", List.of("bulk-ext"),
                "data", Map.of("archived", true))).json();
        assertThat(updated).hasSize(2);
        assertThat(updated.findValuesAsText("archived")).containsOnly("true");
        assertThat(api().patch("/links/bulk", Map.of("linkIds", List.of(id1), "data", Map.of("key", "x"))).status())
                .isEqualTo(422);

        JsonNode deleted = api().send("DELETE", "/links/bulk?linkIds=" + id1 + "," + id2, null, Map.of()).json();
        assertThat(deleted.get("deletedCount").asInt()).isEqualTo(2);
        assertThat(api().get("/links/" + id1).status()).isEqualTo(404);
    }

    @Test
    void theQrCodeUrlServesAPngThatEncodesTheShortLinkWithTheQrTrigger() throws Exception {
        JsonNode link = api().post("/links", Map.of("url", "https://example.com/qr-target", "key", "qr-me")).json();
        String qrUrl = link.get("qrCode").asText();
        assertThat(qrUrl).startsWith("https://refer.ly/qr?url=");
        Http.Response png = server.visitor().get(qrUrl.substring("https://refer.ly".length()));
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                server.visitor().bytes(qrUrl.substring("https://refer.ly".length()))));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        com.google.zxing.Result decoded = new com.google.zxing.qrcode.QRCodeReader().decode(
                new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                        new com.google.zxing.RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))));
        assertThat(decoded.getText()).isEqualTo("https://refer.ly/qr-me?qr=1");
        assertThat(server.visitor().get("/qr").status()).isEqualTo(422);
        assertThat(server.visitor().get("/qr?url=x&size=5").status()).isEqualTo(422);
    }
}
