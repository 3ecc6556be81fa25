package dev.referly.dashboard;

import dev.referly.shared.ApiException;
import java.util.Locale;

/** Owners manage everything; members use the program pages but not API keys or members. */
public enum Role {
    OWNER, MEMBER;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String value) {
        for (Role r : values()) {
            if (r.apiName().equals(value)) {
                return r;
            }
        }
        throw ApiException.invalid("role", "must be owner or member");
    }
}
