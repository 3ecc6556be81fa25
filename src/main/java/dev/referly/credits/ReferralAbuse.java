package dev.referly.credits;

import dev.referly.commissions.FraudSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Why a referral must not earn anything: the referrer referring themselves (same customer, same
 * mailbox, same company domain, the IP they signed up from), a throwaway mailbox, or a burst of
 * signups on one code from one IP. Email normalisation and the domain lists are the commission
 * ledger's ({@link FraudSignals}), so both ledgers judge an address the same way. It lives here rather
 * than in referrals because programs imports referrals (codes at enrollment) and commissions imports
 * programs: referrals importing commissions would close a cycle.
 */
public final class ReferralAbuse {
    public static final String SELF_REFERRAL = "self_referral";
    public static final String SAME_COMPANY_DOMAIN = "same_company_domain";
    public static final String SAME_IP = "self_referral_ip";
    public static final String DISPOSABLE_EMAIL = "disposable_email";
    public static final String BURST = "burst";

    private ReferralAbuse() {}

    /**
     * What is known when the referral is opened; any field may be null.
     *
     * @param referrerIpHashes the salted IP hashes the referrer was seen with when they signed up
     * @param recentSignups    referrals opened in the past hour on the same code from the same IP hash
     *                         (this one excluded)
     * @param burstLimit       how many signups per hour one code may take from one IP hash
     */
    public record Evidence(String refereeExternalId, String referrerTenantId, String refereeEmail,
            String referrerEmail, String refereeIpHash, Set<String> referrerIpHashes, int recentSignups,
            int burstLimit) {}

    public static List<String> check(Evidence e) {
        List<String> reasons = new ArrayList<>();
        String referee = FraudSignals.normalizeEmail(e.refereeEmail());
        String referrer = FraudSignals.normalizeEmail(e.referrerEmail());
        boolean sameCustomer = e.refereeExternalId() != null && e.refereeExternalId().equals(e.referrerTenantId());
        if (sameCustomer || referee != null && referee.equals(referrer)) {
            reasons.add(SELF_REFERRAL);
        } else if (referee != null && referrer != null && domain(referee).equals(domain(referrer))
                && !FraudSignals.isPublicDomain(domain(referee))) {
            reasons.add(SAME_COMPANY_DOMAIN);
        }
        if (e.refereeIpHash() != null && e.referrerIpHashes() != null
                && e.referrerIpHashes().contains(e.refereeIpHash())) {
            reasons.add(SAME_IP);
        }
        if (referee != null && FraudSignals.isDisposableDomain(domain(referee))) {
            reasons.add(DISPOSABLE_EMAIL);
        }
        if (e.refereeIpHash() != null && e.recentSignups() >= e.burstLimit()) {
            reasons.add(BURST);
        }
        return reasons;
    }

    private static String domain(String normalizedEmail) {
        return normalizedEmail.substring(normalizedEmail.lastIndexOf('@') + 1);
    }
}
