package dev.referly.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardJson;
import dev.referly.rewards.RewardType;
import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reward editor's fields, turned into the body PUT /groups/{id}/rewards/{event} takes. Money is
 * typed in major units ("5.00"), percentages as numbers ("30"), the duration in months (empty is
 * the customer's lifetime, 0 the first sale only); modifiers stay in the API's JSON.
 */
final class RewardForm {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private RewardForm() {}

    static Map<String, Object> body(RewardEvent event, Form form, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        String type = form.text("type") == null ? "flat" : form.text("type");
        body.put("type", type);
        String amount = form.text("amount");
        if (amount == null) {
            throw ApiException.invalid("amount", "is required");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(amount.replace(",", ""));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("amount", "must be a number");
        }
        if (type.equals("percentage")) {
            body.put("amountInPercentage", value);
        } else {
            int digits = Money.isCurrency(currency) ? Money.minorDigits(currency) : 2;
            try {
                body.put("amountInCents", value.movePointRight(digits).toBigIntegerExact());
            } catch (ArithmeticException e) {
                throw ApiException.invalid("amount", "has more decimals than " + currency.toUpperCase() + " has");
            }
        }
        if (event == RewardEvent.SALE) {
            String months = form.text("maxDuration");
            try {
                body.put("maxDuration", months == null ? null : Integer.valueOf(months));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("maxDuration", "must be a whole number of months, or empty for lifetime");
            }
        }
        if (form.text("description") != null) {
            body.put("description", form.text("description"));
        }
        String modifiers = form.text("modifiers");
        if (modifiers != null) {
            try {
                body.put("modifiers", JSON.readValue(modifiers, List.class));
            } catch (JsonProcessingException e) {
                throw ApiException.invalid("modifiers", "must be a JSON array of modifiers");
            }
        }
        return body;
    }

    /** What the form shows for an existing reward. */
    static Map<String, String> values(Reward r, String currency) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("type", r.type() == RewardType.PERCENTAGE ? "percentage" : "flat");
        int digits = Money.isCurrency(currency) ? Money.minorDigits(currency) : 2;
        v.put("amount", r.type() == RewardType.PERCENTAGE
                ? BigDecimal.valueOf(r.amountInBasisPoints(), 2).stripTrailingZeros().toPlainString()
                : BigDecimal.valueOf(r.amountInCents(), digits).toPlainString());
        v.put("maxDuration", r.maxDuration() == null ? "" : String.valueOf(r.maxDuration()));
        v.put("description", r.description() == null ? "" : r.description());
        try {
            Object mods = RewardJson.toApi(r).get("modifiers");
            v.put("modifiers", r.modifiers().isEmpty() ? "" : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(mods));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return v;
    }
}
