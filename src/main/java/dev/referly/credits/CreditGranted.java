package dev.referly.credits;

import dev.referly.referrals.Referral;

/** The subject of a credit.granted webhook: the grant, its holder and the referral that earned it. */
public record CreditGranted(CreditEntry entry, CreditHolder holder, Referral referral, CreditReward reward) {}
