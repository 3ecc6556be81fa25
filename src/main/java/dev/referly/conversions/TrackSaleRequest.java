package dev.referly.conversions;

import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import dev.referly.shared.WebFields;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** POST /track/sale, checked. */
public record TrackSaleRequest(String customerExternalId, Money amount, String eventName, String paymentProcessor,
        String invoiceId, String leadEventName, String metadata, String clickId, String customerName,
        String customerEmail, String customerAvatar, String referralCode, boolean heldForReview) {

    static final Set<String> PROCESSORS = Set.of("stripe", "shopify", "polar", "paddle", "apple", "revenuecat",
            "lemonsqueezy", "dub", "custom");

    public static TrackSaleRequest parse(Map<String, Object> body) {
        String externalId = Fields.required(body, "customerExternalId", 100);
        if (!body.containsKey("amount")) {
            throw ApiException.invalid("amount", "is required (an integer in minor units, e.g. cents)");
        }
        long amount = Fields.integer(body, "amount", 0, 0, Long.MAX_VALUE / 1000);
        String currency = Fields.optional(body, "currency", 3);
        currency = currency == null ? Money.USD : currency.toLowerCase(Locale.ROOT);
        if (!Money.isCurrency(currency)) {
            throw ApiException.invalid("currency", "must be an ISO 4217 currency code such as usd");
        }
        String eventName = Fields.optional(body, "eventName", 255);
        String processor = Fields.optional(body, "paymentProcessor", 20);
        processor = processor == null ? "custom" : processor;
        if (!PROCESSORS.contains(processor)) {
            throw ApiException.invalid("paymentProcessor", "must be one of " + String.join(", ", PROCESSORS.stream().sorted().toList()));
        }
        String clickId = Fields.optional(body, "clickId", 64);
        return new TrackSaleRequest(externalId, new Money(amount, currency),
                eventName == null || eventName.isEmpty() ? "Purchase" : eventName, processor,
                emptyToNull(Fields.optional(body, "invoiceId", 190)), emptyToNull(Fields.optional(body, "leadEventName", 255)),
                Fields.metadata(body), emptyToNull(clickId), Fields.optional(body, "customerName", 255),
                WebFields.optionalEmail("customerEmail", body.get("customerEmail")),
                WebFields.optionalImageUrl("customerAvatar", body.get("customerAvatar")),
                emptyToNull(Fields.optional(body, "referralCode", 64)), false);
    }

    /** The same request, its commissions held for review (a sale reported by a browser, which anyone can forge). */
    public TrackSaleRequest forReview() {
        return new TrackSaleRequest(customerExternalId, amount, eventName, paymentProcessor, invoiceId, leadEventName,
                metadata, clickId, customerName, customerEmail, customerAvatar, referralCode, true);
    }

    /** The same request on another click (the click recorded for its referral code). */
    public TrackSaleRequest withClickId(String otherClickId) {
        return new TrackSaleRequest(customerExternalId, amount, eventName, paymentProcessor, invoiceId, leadEventName,
                metadata, otherClickId, customerName, customerEmail, customerAvatar, referralCode, heldForReview);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
