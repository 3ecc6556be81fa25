package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.ProgramFixture;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Customer emails and every image-like field are checked at the edge: a 422 naming the field, nothing stored. */
class CustomerFieldsIT extends ServerPerStore {
    static Map<String, Object> lead(String click, String externalId, String field, Object value) {
        Map<String, Object> body = new HashMap<>(Map.of("clickId", click, "eventName", "Sign up",
                "customerExternalId", externalId));
        body.put(field, value);
        return body;
    }

    static void refused(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().at("/error/message").asText()).contains(field);
    }

    @Test
    void trackRefusesBadEmailsAndAvatars() {
        ProgramFixture f = ProgramFixture.create(server);
        String click = f.click(f.partnerLink(f.partner(f.defaultGroupId, "val@partners.example")), null);
        refused(f.api.post("/track/lead", lead(click, "c_bad_email", "customerEmail", "not an email")), "customerEmail");
        refused(f.api.post("/track/lead", lead(click, "c_bad_email", "customerEmail", "a@b")), "customerEmail");
        refused(f.api.post("/track/lead", lead(click, "c_bad_avatar", "customerAvatar", "javascript:alert(1)")),
                "customerAvatar");
        refused(f.api.post("/track/lead", lead(click, "c_bad_avatar", "customerAvatar", "not a url")), "customerAvatar");
        refused(f.api.post("/track/lead", lead(click, "c_bad_avatar", "customerAvatar",
                "https://img.example/" + "a".repeat(2_000))), "customerAvatar");
        Map<String, Object> sale = new HashMap<>(Map.of("clickId", click, "customerExternalId", "c_sale", "amount", 100,
                "customerEmail", "nope"));
        refused(f.api.post("/track/sale", sale), "customerEmail");
        sale.put("customerEmail", "ok@shop.dev");
        sale.put("customerAvatar", "data:image/png;base64,AAAA");
        refused(f.api.post("/track/sale", sale), "customerAvatar");
        assertThat(f.api.get("/customers").json()).isEmpty();
        // Good values pass (an email is kept as sent, the avatar too).
        Http.Response ok = f.api.post("/track/lead", lead(click, "c_ok", "customerEmail", "Jane.Roe@Shop.dev"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void patchCustomersRefusesBadEmailsAndAvatars() {
        ProgramFixture f = ProgramFixture.create(server);
        String click = f.click(f.partnerLink(f.partner(f.defaultGroupId, "lee@partners.example")), null);
        f.lead(click, "c_patch", "first@shop.dev", "Sign up");
        JsonNode customer = f.api.get("/customers?externalId=c_patch").json().get(0);
        String path = "/customers/" + customer.get("id").asText();
        refused(f.api.patch(path, Map.of("email", "not-an-email")), "email");
        refused(f.api.patch(path, Map.of("avatar", "javascript:alert(1)")), "avatar");
        refused(f.api.patch(path, Map.of("avatar", "//img.example/x.png")), "avatar");
        JsonNode after = f.api.get(path).json();
        assertThat(after.get("email").asText()).isEqualTo("first@shop.dev");
        assertThat(after.get("avatar").isNull()).isTrue();
        Http.Response ok = f.api.patch(path, Map.of("email", "second@shop.dev", "avatar", "https://img.example/a.png"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("avatar").asText()).isEqualTo("https://img.example/a.png");
        // null clears them, as before.
        Map<String, Object> clear = new HashMap<>();
        clear.put("avatar", null);
        assertThat(f.api.patch(path, clear).json().get("avatar").isNull()).isTrue();
    }

    @Test
    void linkAndPartnerImagesAreHttpUrls() {
        refused(api().post("/links", Map.of("url", "https://shop.example/i", "image", "javascript:alert(1)")), "image");
        refused(api().post("/links", Map.of("url", "https://shop.example/i", "image", "not a url")), "image");
        refused(api().post("/partners", Map.of("name", "Img", "email", "img@partners.example",
                "image", "data:image/png;base64,AAAA")), "image");
        assertThat(api().post("/links", Map.of("url", "https://shop.example/i", "image", "https://img.example/i.png"))
                .status()).isEqualTo(200);
    }
}
