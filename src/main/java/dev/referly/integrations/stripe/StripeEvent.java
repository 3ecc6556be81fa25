package dev.referly.integrations.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.ApiException;

/** A Stripe event envelope: its id, type, mode, account and {@code data.object}. */
record StripeEvent(String id, String type, boolean livemode, String account, long createdMillis, JsonNode object,
        String payload) {

    static final ObjectMapper JSON = new ObjectMapper();

    static StripeEvent parse(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not a Stripe event: invalid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("The body is not a Stripe event: expected a JSON object.");
        }
        String id = StripeJson.text(root, "id");
        String type = StripeJson.text(root, "type");
        JsonNode object = StripeJson.at(root, "data", "object");
        if (id == null || id.length() > 255 || type == null || type.length() > 255 || object == null
                || !object.isObject()) {
            throw ApiException.badRequest("The body is not a Stripe event: it needs id, type and data.object.");
        }
        Long created = StripeJson.number(root, "created");
        return new StripeEvent(id, type, StripeJson.bool(root, "livemode"), StripeJson.text(root, "account"),
                created == null ? 0 : created * 1000, object, payload);
    }

    /** The account named by a payload not verified yet: only to choose whose secrets verify it. */
    static String accountOf(String payload) {
        try {
            JsonNode root = JSON.readTree(payload);
            return root == null ? null : StripeJson.text(root, "account");
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
