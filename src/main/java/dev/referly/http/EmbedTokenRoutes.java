package dev.referly.http;

import dev.referly.embed.EmbedTokens;
import dev.referly.programs.Partner;
import dev.referly.programs.PartnerInput;
import dev.referly.programs.PartnerService;
import dev.referly.programs.PartnerStatus;
import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /tokens/embed/referrals (Dub's): a two-hour public token for one partner's embedded
 * referral dashboard, named by partnerId, tenantId, or a partner to create or update
 * ({@code partner: {...}}, the POST /partners fields). DELETE …/{id} revokes one.
 */
final class EmbedTokenRoutes {
    private final EmbedTokens tokens;
    private final PartnerService partners;
    private final Authenticator auth;

    EmbedTokenRoutes(EmbedTokens tokens, PartnerService partners, Authenticator auth) {
        this.tokens = tokens;
        this.partners = partners;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.post("/tokens/embed/referrals", this::create).delete("/tokens/embed/referrals/{id}", this::revoke);
    }

    @SuppressWarnings("unchecked")
    private void create(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Map<String, Object> body = Json.object(req);
        Partner partner;
        if (body.get("partner") != null) {
            if (!(body.get("partner") instanceof Map<?, ?> fields)) {
                throw ApiException.invalid("partner", "must be an object of partner fields");
            }
            partner = partners.enroll(ws, PartnerInput.parse((Map<String, Object>) fields)).partner().partner();
        } else {
            String partnerId = text(body, "partnerId");
            String tenantId = text(body, "tenantId");
            if (partnerId == null && tenantId == null) {
                throw ApiException.invalid("partnerId", "is required (or tenantId, or partner)");
            }
            partner = partners.find(ws, partnerId, tenantId);
        }
        if (partner.status() != PartnerStatus.APPROVED) {
            throw ApiException.invalid("partnerId", "the partner is " + partner.status().name().toLowerCase()
                    + ", not approved");
        }
        EmbedTokens.Created t = tokens.create(ws, partner.programId(), partner.id());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("publicToken", t.token());
        json.put("expires", Timestamps.iso(t.expiresAt()));
        json.put("id", t.id()); // Referly's addition: what DELETE takes
        json.put("partnerId", partner.id());
        Json.send(res, 201, json);
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        String id = req.path().pathParameters().get("id");
        tokens.revoke(ws, id);
        Json.send(res, 200, Map.of("id", id));
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v != null && !(v instanceof String)) {
            throw ApiException.invalid(field, "must be a string");
        }
        return v == null || ((String) v).isBlank() ? null : ((String) v).strip();
    }
}
