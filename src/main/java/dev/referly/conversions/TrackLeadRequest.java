package dev.referly.conversions;

import dev.referly.shared.ApiException;
import dev.referly.shared.WebFields;
import java.util.Map;

/** POST /track/lead, checked. {@code clickId} "" means "the click stored on the customer". */
public record TrackLeadRequest(String clickId, String eventName, String customerExternalId, String customerName,
        String customerEmail, String customerAvatar, Mode mode, int quantity, String metadata, String referralCode) {

    public enum Mode { ASYNC, WAIT, DEFERRED }

    public static TrackLeadRequest parse(Map<String, Object> body) {
        String referralCode = Fields.optional(body, "referralCode", 64);
        Object click = body.get("clickId");
        if (click == null && referralCode != null) {
            click = "";
        }
        if (click == null) {
            throw ApiException.invalid("clickId", "is required (use an empty string for the customer's stored click)");
        }
        if (!(click instanceof String clickId)) {
            throw ApiException.invalid("clickId", "must be a string");
        }
        String eventName = Fields.required(body, "eventName", 255);
        String externalId = Fields.required(body, "customerExternalId", 100);
        String modeText = Fields.optional(body, "mode", 10);
        Mode mode = switch (modeText == null ? "async" : modeText) {
            case "async" -> Mode.ASYNC;
            case "wait" -> Mode.WAIT;
            case "deferred" -> Mode.DEFERRED;
            default -> throw ApiException.invalid("mode", "must be async, wait or deferred");
        };
        int quantity = (int) Fields.integer(body, "eventQuantity", 1, 1, 100);
        return new TrackLeadRequest(clickId.strip(), eventName, externalId, Fields.optional(body, "customerName", 255),
                WebFields.optionalEmail("customerEmail", body.get("customerEmail")),
                WebFields.optionalImageUrl("customerAvatar", body.get("customerAvatar")), mode,
                quantity, Fields.metadata(body), referralCode == null || referralCode.isBlank() ? null : referralCode);
    }

    /** The same request on another click (the click recorded for its referral code). */
    public TrackLeadRequest withClickId(String otherClickId) {
        return new TrackLeadRequest(otherClickId, eventName, customerExternalId, customerName, customerEmail,
                customerAvatar, mode, quantity, metadata, referralCode);
    }
}
