package dev.referly.rewards;

import java.util.Locale;

/** Dub's condition operators; API names are the lower-case enum names. */
public enum ConditionOperator {
    EQUALS_TO, NOT_EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS, NOT_CONTAINS, IN, NOT_IN,
    GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
