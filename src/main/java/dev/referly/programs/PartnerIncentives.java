package dev.referly.programs;

/** The rewards and discount of the partner's group; null where the group has none. */
public record PartnerIncentives(String clickRewardId, String leadRewardId, String saleRewardId, String discountId) {
    public static final PartnerIncentives NONE = new PartnerIncentives(null, null, null, null);
}
