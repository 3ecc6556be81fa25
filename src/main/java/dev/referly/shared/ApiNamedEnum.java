package dev.referly.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose API and database name is its constant's name in lower case (Dub's spelling of
 * statuses). The status enums implement it and delegate their {@code fromDb} and {@code parse}
 * here, so the spelling rule and the error message exist once.
 */
public interface ApiNamedEnum {
    /** Implemented by every enum. */
    String name();

    default String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant stored as {@code value}; an unknown value is a bug, not a client error. */
    static <E extends Enum<E> & ApiNamedEnum> E fromDb(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    /** Parses a client-supplied value, naming the field and the allowed values when it is not one. */
    static <E extends Enum<E> & ApiNamedEnum> E parse(Class<E> type, String field, Object value) {
        E[] constants = type.getEnumConstants();
        if (value instanceof String s) {
            for (E constant : constants) {
                if (constant.apiName().equals(s)) {
                    return constant;
                }
            }
        }
        throw ApiException.invalid(field, "must be one of "
                + Arrays.stream(constants).map(ApiNamedEnum::apiName).collect(Collectors.joining(", ")));
    }
}
