package dev.referly.programs;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The services behind Referly's program admin API (program, groups, rewards, discounts, move rules, audit log). */
public record ProgramAdmin(ProgramService program, GroupService groups, RewardService rewards,
        DiscountService discounts, MoveRuleService moveRules, AuditLog auditLog) {

    public static ProgramAdmin create(Jdbi jdbi, Clock clock) {
        return new ProgramAdmin(new ProgramService(jdbi, clock), new GroupService(jdbi, clock),
                new RewardService(jdbi, clock), new DiscountService(jdbi, clock), new MoveRuleService(jdbi, clock),
                new AuditLog(jdbi));
    }
}
