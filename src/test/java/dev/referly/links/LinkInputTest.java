package dev.referly.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.shared.ApiException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkInputTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM/x"})
    void acceptsHttpUrls(String url) {
        assertThat(LinkInput.checkUrl("url", url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,x", "ftp://example.com", "//example.com",
            "example.com", "https://", "mailto:a@b.c", "vbscript:x", "https://exa mple.com"})
    void refusesEverythingElse(String url) {
        assertThatThrownBy(() -> LinkInput.checkUrl("url", url)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("url:");
    }

    @ParameterizedTest(name = "key {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "abc          | abc",
            "/abc         | abc",
            "a/b-c_d.e~f  | a/b-c_d.e~f",
            "Café         | Café",
    })
    void normalisesKeys(String key, String expected) {
        assertThat(LinkInput.checkKey("key", key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a//b", "a/", "links", "Links/x", "healthz", "_", "a?b", "a#b"})
    void refusesBadOrReservedKeys(String key) {
        assertThatThrownBy(() -> LinkInput.checkKey("key", key)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("key:");
    }

    @Test
    void readsOnlyWhatTheBodyNames() {
        LinkInput input = LinkInput.parse(Map.of("title", "T", "clicks", 99, "unknownThing", 1));
        assertThat(input.fields()).containsOnlyKeys(LinkField.TITLE);
    }

    @Test
    void refusesTagsRatherThanDroppingThem() {
        assertThatThrownBy(() -> LinkInput.parse(Map.of("url", "https://e.com", "tagNames", java.util.List.of("x"))))
                .hasMessageStartingWith("tagNames:");
        assertThat(LinkInput.parse(Map.of("url", "https://e.com", "tagIds", java.util.List.of())).has(LinkField.URL)).isTrue();
    }

    @Test
    void utmFieldsAndUrlStayInAgreement() {
        EnumMap<LinkField, String> utm = new EnumMap<>(LinkField.class);
        utm.put(LinkField.UTM_SOURCE, "news letter");
        utm.put(LinkField.UTM_MEDIUM, null);
        assertThat(UtmParameters.write("https://e.com/p?utm_medium=x&keep=1#f", utm))
                .isEqualTo("https://e.com/p?keep=1&utm_source=news+letter#f");
        assertThat(UtmParameters.read("https://e.com/p?utm_source=a%20b&utm_term=t"))
                .containsEntry(LinkField.UTM_SOURCE, "a b").containsEntry(LinkField.UTM_TERM, "t");
    }
}
