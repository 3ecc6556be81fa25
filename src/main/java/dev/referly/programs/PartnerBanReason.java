package dev.referly.programs;

import dev.referly.shared.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a partner was banned: Dub's enumeration. */
public enum PartnerBanReason {
    TOS_VIOLATION, INAPPROPRIATE_CONTENT, FAKE_TRAFFIC, FRAUD, SPAM, BRAND_ABUSE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PartnerBanReason parse(Object value) {
        if (value == null) {
            throw ApiException.invalid("reason", "is required");
        }
        for (PartnerBanReason reason : values()) {
            if (reason.apiName().equals(value)) {
                return reason;
            }
        }
        throw ApiException.invalid("reason", "must be one of "
                + Arrays.stream(values()).map(PartnerBanReason::apiName).collect(Collectors.joining(", ")));
    }
}
