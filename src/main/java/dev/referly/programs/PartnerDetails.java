package dev.referly.programs;

import java.util.List;

/**
 * A partner as the API shows it (Dub's EnrolledPartner): the row, its links, derived totals and
 * incentives, plus its active referral code and the signup link carrying it (null when none).
 */
public record PartnerDetails(Partner partner, List<PartnerLink> links, PartnerTotals totals,
        PartnerIncentives incentives, String referralCode, String referralLink) {

    public PartnerDetails(Partner partner, List<PartnerLink> links, PartnerTotals totals,
            PartnerIncentives incentives) {
        this(partner, links, totals, incentives, null, null);
    }
}
