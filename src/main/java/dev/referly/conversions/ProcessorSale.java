package dev.referly.conversions;

import dev.referly.shared.Money;
import java.util.List;

/**
 * A sale reported by a payment processor integration rather than POST /track/sale.
 *
 * @param customerId      the Referly customer who paid
 * @param amount          what the sale is worth, in the currency it was paid in (converted on recording)
 * @param invoiceId       the idempotency key: one sale per (workspace, invoiceId)
 * @param lines           product lines, in {@code amount}'s currency; empty when unknown
 * @param recurring       whether it renews a subscription; null to decide from the customer's history
 * @param creditLinkId    the link to credit when the customer has no attributed link of its own (a
 *                        partner's discount code), else null
 * @param metadata        a JSON object as text, or null
 */
public record ProcessorSale(String customerId, Money amount, String eventName, String paymentProcessor,
        String invoiceId, String paymentIntentId, String chargeId, List<Line> lines, Boolean recurring,
        String creditLinkId, String metadata) {

    public ProcessorSale {
        lines = lines == null ? List.of() : List.copyOf(lines);
        if (invoiceId == null || invoiceId.isBlank()) {
            throw new IllegalArgumentException("a processor sale needs an invoice id");
        }
    }

    /** One product line: amount in the sale's currency's minor units. */
    public record Line(String productId, long amount, int quantity) {}
}
