package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.ProcessorSale;
import dev.referly.shared.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a Stripe payment is worth as a sale: tax left out, Adaptive Pricing undone, product lines. */
final class StripeAmounts {
    private StripeAmounts() {}

    /**
     * A completed Checkout Session: {@code amount_total - total_details.amount_tax}. With Adaptive
     * Pricing ({@code currency_conversion}) the customer paid in their currency, but the sale is
     * worth the amount in the merchant's source currency: {@code currency_conversion.amount_total}
     * less the tax converted back at the session's {@code fx_rate} (source to customer currency).
     */
    static Money checkout(JsonNode session) {
        String currency = lower(StripeJson.text(session, "currency"));
        long total = orZero(StripeJson.number(session, "amount_total"));
        long tax = orZero(StripeJson.number(session, "total_details", "amount_tax"));
        JsonNode conversion = StripeJson.at(session, "currency_conversion");
        String source = lower(StripeJson.text(conversion, "source_currency"));
        Long sourceTotal = StripeJson.number(conversion, "amount_total");
        if (source != null && sourceTotal != null && Money.isCurrency(source)) {
            long sourceTax = 0;
            String rate = StripeJson.text(conversion, "fx_rate");
            if (tax != 0 && rate != null && currency != null && Money.isCurrency(currency)) {
                BigDecimal fx = new BigDecimal(rate);
                if (fx.signum() > 0) {
                    sourceTax = Money.of(new Money(tax, currency).major().divide(fx, MathContext.DECIMAL128), source)
                            .minor();
                }
            }
            return new Money(sourceTotal - sourceTax, source);
        }
        return new Money(total - tax, currency == null ? Money.USD : currency);
    }

    /** A paid invoice: {@code total_excluding_tax}, else {@code amount_paid}. */
    static Money invoice(JsonNode invoice) {
        String currency = lower(StripeJson.text(invoice, "currency"));
        Long excludingTax = StripeJson.number(invoice, "total_excluding_tax");
        long amount = excludingTax != null ? excludingTax : orZero(StripeJson.number(invoice, "amount_paid"));
        return new Money(amount, currency == null ? Money.USD : currency);
    }

    /**
     * The invoice's product lines (amounts in the invoice currency, before discounts and tax; the
     * sale shares its own amount out among them). None when the list is cut short ({@code has_more}):
     * rewarding the lines we have as if they were all would credit the wrong products.
     */
    static List<ProcessorSale.Line> lines(JsonNode invoice) {
        JsonNode lines = StripeJson.at(invoice, "lines");
        if (lines == null || StripeJson.bool(lines, "has_more") || !lines.path("data").isArray()) {
            return List.of();
        }
        List<ProcessorSale.Line> out = new ArrayList<>();
        for (JsonNode line : lines.get("data")) {
            Long amount = StripeJson.number(line, "amount");
            if (amount == null) {
                return List.of();
            }
            String product = StripeJson.first(StripeJson.id(line, "price", "product"),
                    StripeJson.id(line, "pricing", "price_details", "product"), StripeJson.id(line, "plan", "product"));
            Long quantity = StripeJson.number(line, "quantity");
            out.add(new ProcessorSale.Line(product, amount,
                    quantity == null ? 1 : (int) Math.max(1, Math.min(quantity, Integer.MAX_VALUE))));
        }
        return out;
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
