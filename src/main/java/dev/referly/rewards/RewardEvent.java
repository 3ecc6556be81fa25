package dev.referly.rewards;

import java.util.Locale;

/** What a reward pays for. Click and lead rewards are one-time; sale rewards may recur. */
public enum RewardEvent {
    CLICK, LEAD, SALE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
