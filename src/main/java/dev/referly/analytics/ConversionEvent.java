package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.conversions.Customer;
import dev.referly.links.Link;

/**
 * A lead or a sale with its click, the link and the customer, as GET /events lists it.
 * {@code attributed} is false for a conversion whose click was outside the attribution
 * window: {@code link} is then the click's link, which got no credit.
 */
public record ConversionEvent(String kind, String eventId, String eventName, long timestamp, String metadataJson,
        Click click, Link link, Customer customer, boolean attributed, Sale sale) {

    /** The sale part: amount in the workspace currency (USD minor units) and the original. */
    public record Sale(long amount, String currency, long originalAmount, String originalCurrency, String invoiceId,
            String paymentProcessor) {}
}
