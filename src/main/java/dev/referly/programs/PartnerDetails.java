package dev.referly.programs;

import java.util.List;

/** A partner as the API shows it (Dub's EnrolledPartner): the row, its links, derived totals and incentives. */
public record PartnerDetails(Partner partner, List<PartnerLink> links, PartnerTotals totals,
        PartnerIncentives incentives) {}
