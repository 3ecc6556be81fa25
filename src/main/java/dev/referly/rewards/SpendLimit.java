package dev.referly.rewards;

/** A cap: a partner (or, for sale rewards, a customer) earns at most this much per period. */
public record SpendLimit(Scope scope, Period period, long amountInCents) {

    public enum Scope { PARTNER, CUSTOMER }

    /** Calendar periods in UTC: day, ISO week (from Monday), month, or all time. */
    public enum Period { DAY, WEEK, MONTH, ALL_TIME }
}
