package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.shared.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartnerInputTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("name", 42, "name: must be a string"),
                Arguments.of("name", "  ", "name: must not be empty"),
                Arguments.of("name", "x".repeat(191), "name: must be at most 190"),
                Arguments.of("email", "ada", "email: must be an email address"),
                Arguments.of("email", "ada@example", "email: must be an email address"),
                Arguments.of("username", "ada lovelace", "username: may contain"),
                Arguments.of("username", "a".repeat(101), "username: must be at most 100"),
                Arguments.of("image", "javascript:alert(1)", "image: must be an absolute http or https URL"),
                Arguments.of("image", "/relative.png", "image: must be an absolute http or https URL"),
                Arguments.of("country", "XX", "country: must be an ISO 3166-1 alpha-2"),
                Arguments.of("country", "GBR", "country: must be an ISO 3166-1 alpha-2"),
                Arguments.of("country", 44, "country: must be an ISO 3166-1 alpha-2"),
                Arguments.of("description", "d".repeat(5001), "description: must be at most 5000"),
                Arguments.of("tenantId", 7, "tenantId: must be a string"),
                Arguments.of("groupId", List.of(), "groupId: must be a string"),
                Arguments.of("linkProps", "key", "linkProps: must be an object"),
                Arguments.of("groupMoveDisabled", "yes", "groupMoveDisabled: must be a boolean"),
                Arguments.of("status", "active", "status: must be one of"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("refused")
    void badValuesAreRefusedNamingTheField(String field, Object value, String message) {
        Map<String, Object> body = new HashMap<>();
        body.put(field, value);
        assertThatThrownBy(() -> PartnerInput.parse(body)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith(message);
    }

    static Stream<Arguments> normalised() {
        return Stream.of(
                Arguments.of("email", " Ada@Example.COM ", "ada@example.com"),
                Arguments.of("country", "gb", "GB"),
                Arguments.of("name", "  Ada  ", "Ada"),
                Arguments.of("image", "", null),
                Arguments.of("description", "", null),
                Arguments.of("tenantId", null, null));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("normalised")
    void valuesAreNormalised(String field, Object value, String expected) {
        Map<String, Object> body = new HashMap<>();
        body.put(field, value);
        PartnerInput in = PartnerInput.parse(body);
        assertThat(in.has(field)).isTrue();
        assertThat(in.text(field)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("ignoredKeys")
    void unknownAndReadOnlyKeysAreIgnored(String key) {
        assertThat(PartnerInput.parse(Map.of(key, "x")).values()).isEmpty();
    }

    static Stream<String> ignoredKeys() {
        return Stream.of("id", "createdAt", "totalClicks", "companyName", "whatever");
    }
}
