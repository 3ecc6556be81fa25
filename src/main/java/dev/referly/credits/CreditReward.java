package dev.referly.credits;

import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A group's non-monetary reward: credit (in credits or a currency's minor units) or a free
 * period (days, months), to the referrer, the referred customer or both, when the trigger happens.
 *
 * @param maxRewardedReferrals referrals per referrer that reward the referrer (null: no limit)
 * @param maxTotal             the most a referrer is granted in total, in {@code unit} (null: no limit)
 * @param expiresInDays        granted credit expires this many days after the grant (null: never)
 */
public record CreditReward(String id, String groupId, String kind, long amount, String unit, String recipient,
        String trigger, Integer maxRewardedReferrals, Long maxTotal, Integer expiresInDays, String description,
        long createdAt, long updatedAt) {

    public static final String CREDIT = "credit";
    public static final String FREE_PERIOD = "free_period";
    public static final String REFERRER = "referrer";
    public static final String REFERRED = "referred";
    public static final String BOTH = "both";
    public static final String LEAD = "lead";
    public static final String QUALIFIED_LEAD = "qualified_lead";
    public static final String FIRST_SALE = "first_sale";
    public static final String EVERY_SALE = "every_sale";
    static final Set<String> TRIGGERS = Set.of(LEAD, QUALIFIED_LEAD, FIRST_SALE, EVERY_SALE);

    public boolean rewardsReferrer() {
        return !recipient.equals(REFERRED);
    }

    public boolean rewardsReferred() {
        return !recipient.equals(REFERRER);
    }

    /** The body of PUT /groups/{id}/credit-reward, checked; {@code id}, group and times are filled in by the caller. */
    public static CreditReward parse(Map<String, Object> body, String id, String groupId, long createdAt, long now) {
        String kind = text(body, "kind", true);
        if (!kind.equals(CREDIT) && !kind.equals(FREE_PERIOD)) {
            throw ApiException.invalid("kind", "must be credit or free_period");
        }
        long amount = integer(body, "amount", true, 1, 1_000_000_000_000L);
        String unit = text(body, "unit", true).toLowerCase(Locale.ROOT);
        if (kind.equals(CREDIT) && !unit.equals("credits") && !Money.isCurrency(unit)) {
            throw ApiException.invalid("unit", "must be credits or an ISO 4217 currency code for a credit");
        }
        if (kind.equals(FREE_PERIOD) && !unit.equals("days") && !unit.equals("months")) {
            throw ApiException.invalid("unit", "must be days or months for a free_period");
        }
        String recipient = text(body, "recipient", false);
        recipient = recipient == null ? BOTH : recipient;
        if (!Set.of(REFERRER, REFERRED, BOTH).contains(recipient)) {
            throw ApiException.invalid("recipient", "must be referrer, referred or both");
        }
        String trigger = text(body, "trigger", false);
        trigger = trigger == null ? FIRST_SALE : trigger;
        if (!TRIGGERS.contains(trigger)) {
            throw ApiException.invalid("trigger", "must be lead, qualified_lead, first_sale or every_sale");
        }
        Long maxReferrals = optionalInteger(body, "maxRewardedReferrals", 1, 1_000_000);
        Long maxTotal = optionalInteger(body, "maxTotal", 1, 1_000_000_000_000L);
        Long expires = optionalInteger(body, "expiresInDays", 1, 36_500);
        String description = text(body, "description", false);
        if (description != null && description.length() > 190) {
            throw ApiException.invalid("description", "must be at most 190 characters");
        }
        return new CreditReward(id, groupId, kind, amount, unit, recipient, trigger,
                maxReferrals == null ? null : maxReferrals.intValue(), maxTotal,
                expires == null ? null : expires.intValue(), description, createdAt, now);
    }

    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("groupId", groupId);
        json.put("kind", kind);
        json.put("amount", amount);
        json.put("unit", unit);
        json.put("recipient", recipient);
        json.put("trigger", trigger);
        json.put("maxRewardedReferrals", maxRewardedReferrals);
        json.put("maxTotal", maxTotal);
        json.put("expiresInDays", expiresInDays);
        json.put("description", description);
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }

    private static String text(Map<String, Object> body, String field, boolean required) {
        Object v = body.get(field);
        if (v == null) {
            if (required) {
                throw ApiException.invalid(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.invalid(field, "must be a non-empty string");
        }
        return s.strip();
    }

    private static long integer(Map<String, Object> body, String field, boolean required, long min, long max) {
        Long v = optionalInteger(body, field, min, max);
        if (v == null) {
            throw ApiException.invalid(field, "is required");
        }
        return v;
    }

    private static Long optionalInteger(Map<String, Object> body, String field, long min, long max) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ApiException.invalid(field, "must be an integer");
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw ApiException.invalid(field, "must be between " + min + " and " + max);
        }
        return n;
    }
}
