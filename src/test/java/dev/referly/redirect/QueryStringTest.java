package dev.referly.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryStringTest {
    @ParameterizedTest(name = "{0} + ?{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "https://e.com/p            | NULL              | https://e.com/p",
            "https://e.com/p            | a=1               | https://e.com/p?a=1",
            "https://e.com/p?a=1        | b=2               | https://e.com/p?a=1&b=2",
            "https://e.com/p?a=1&b=2    | b=9               | https://e.com/p?a=1&b=9",
            "https://e.com/p?a=1#frag   | b=2               | https://e.com/p?a=1&b=2#frag",
            "https://e.com/p            | qr=1&x=%20y       | https://e.com/p?x=%20y",
            "https://e.com/p            | dub-no-track=1    | https://e.com/p",
            "https://e.com/p            | flag              | https://e.com/p?flag",
    })
    void mergesTheVisitorsParametersIntoTheDestination(String destination, String visitor, String expected) {
        assertThat(QueryString.merge(destination, QueryString.parse(visitor), Set.of("qr", "dub-no-track"), List.of()))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://e.com/p          | https://e.com/p?dub_id=abc",
            "https://e.com/p?dub_id=x | https://e.com/p?dub_id=abc",
            "https://e.com/p#f        | https://e.com/p?dub_id=abc#f",
    })
    void appendsTheClickIdLastAndReplacesAStaleOne(String destination, String expected) {
        assertThat(QueryString.merge(destination, List.of(), Set.of(), List.of(new QueryString.Pair("dub_id", "abc"))))
                .isEqualTo(expected);
    }
}
