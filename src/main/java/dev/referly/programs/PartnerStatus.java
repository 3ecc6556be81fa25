package dev.referly.programs;

import dev.referly.shared.ApiException;
import dev.referly.shared.ApiNamedEnum;
import java.util.Map;
import java.util.Set;

/**
 * A partner's enrollment status, as Dub names them, and the changes a PATCH may make by hand.
 * Banning and deactivating have their own endpoints (they also cancel commissions or disable
 * links), so a PATCH can undo them (back to approved) but never do them.
 */
public enum PartnerStatus implements ApiNamedEnum {
    PENDING, APPROVED, REJECTED, INVITED, DECLINED, BANNED, ARCHIVED, DEACTIVATED;

    private static final Map<PartnerStatus, Set<PartnerStatus>> BY_HAND = Map.of(
            PENDING, Set.of(APPROVED, REJECTED),
            APPROVED, Set.of(ARCHIVED),
            ARCHIVED, Set.of(APPROVED),
            REJECTED, Set.of(APPROVED),
            DEACTIVATED, Set.of(APPROVED),
            BANNED, Set.of(APPROVED));

    public static PartnerStatus parse(String field, Object value) {
        return ApiNamedEnum.parse(PartnerStatus.class, field, value);
    }

    /** Whether links of a partner in this status are switched off (the redirect answers 404). */
    public boolean disablesLinks() {
        return this == BANNED || this == DEACTIVATED;
    }

    /** Checks a change asked for by PATCH; staying in the same status is always allowed. */
    public void checkManualChangeTo(PartnerStatus target) {
        if (target == this) {
            return;
        }
        if (target == BANNED) {
            throw ApiException.invalid("status", "use POST /partners/ban to ban a partner");
        }
        if (target == DEACTIVATED) {
            throw ApiException.invalid("status", "use POST /partners/deactivate to deactivate a partner");
        }
        if (!BY_HAND.getOrDefault(this, Set.of()).contains(target)) {
            throw ApiException.invalid("status", "a partner cannot go from " + apiName() + " to " + target.apiName());
        }
    }
}
