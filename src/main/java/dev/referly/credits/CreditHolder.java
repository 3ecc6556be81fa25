package dev.referly.credits;

/** Whose credit: a partner (the referrer, also found by tenantId) or a customer (the referred). */
public record CreditHolder(String type, String id, String tenantId, String customerExternalId) {
    public static final String PARTNER = "partner";
    public static final String CUSTOMER = "customer";

    public static CreditHolder partner(String id) {
        return new CreditHolder(PARTNER, id, null, null);
    }

    public static CreditHolder customer(String id) {
        return new CreditHolder(CUSTOMER, id, null, null);
    }
}
