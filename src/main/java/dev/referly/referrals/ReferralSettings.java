package dev.referly.referrals;

/**
 * How referral links look and the burst rule: {@code paramName} is the query parameter of
 * {@code <program url>/signup?<paramName>=CODE} ({@code via} is accepted as well), and
 * {@code burstLimit} the signups one code may take from one IP hash in an hour.
 */
public record ReferralSettings(String paramName, int burstLimit) {
    public static final String DEFAULT_PARAM = "ref";
    public static final int DEFAULT_BURST_LIMIT = 5;
    public static final ReferralSettings DEFAULTS = new ReferralSettings(DEFAULT_PARAM, DEFAULT_BURST_LIMIT);
}
