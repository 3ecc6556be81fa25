package dev.referly.rewards;

import java.util.Locale;

/** Whose attribute a condition reads. */
public enum ConditionEntity {
    CUSTOMER, SALE, LEAD, PARTNER;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
