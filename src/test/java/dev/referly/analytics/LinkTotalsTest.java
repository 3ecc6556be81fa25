package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The running-total arithmetic of one link, played on an in-memory copy of its
 * {@code rollup_link_totals} rows exactly as {@link LinkTotals#write} plays it in SQL (insert the
 * missing rows with the previous row's value, then the range updates), checked against plain sums.
 */
class LinkTotalsTest {

    @Test
    void rangesCarryTheRunningSumUpToTheNextTouchedHour() {
        List<LinkTotals.Range> ranges = LinkTotals.ranges(List.of(
                new LinkTotals.Delta(10, new long[] {1, 0, 0, 0}),
                new LinkTotals.Delta(12, new long[] {2, 1, 0, 0}),
                new LinkTotals.Delta(15, new long[] {0, 0, 1, 500})));
        assertThat(ranges).extracting(LinkTotals.Range::from).containsExactly(10L, 12L, 15L);
        assertThat(ranges).extracting(LinkTotals.Range::to).containsExactly(12L, 15L, Long.MAX_VALUE);
        assertThat(ranges).extracting(r -> List.of(r.add()[0], r.add()[1], r.add()[2], r.add()[3]))
                .containsExactly(List.of(1L, 0L, 0L, 0L), List.of(3L, 1L, 0L, 0L), List.of(3L, 1L, 1L, 500L));
    }

    @Test
    void hoursMustAscend() {
        assertThatThrownBy(() -> LinkTotals.ranges(List.of(new LinkTotals.Delta(5, new long[4]),
                new LinkTotals.Delta(5, new long[4])))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Rounds of (hour, clicks) events; each round is folded as one. */
    static Stream<Arguments> rounds() {
        return Stream.of(
                Arguments.of("one round, hours in order", List.of(List.of(h(1, 2), h(2, 1), h(5, 3)))),
                Arguments.of("rounds in order", List.of(List.of(h(1, 1)), List.of(h(1, 2), h(3, 1)), List.of(h(7, 4)))),
                Arguments.of("a late event before every row", List.of(List.of(h(5, 1), h(6, 1)), List.of(h(2, 3)))),
                Arguments.of("a late event between rows", List.of(List.of(h(1, 1), h(9, 1)), List.of(h(4, 2)))),
                Arguments.of("a late event on an existing row", List.of(List.of(h(1, 1), h(9, 1)), List.of(h(1, 5)))),
                Arguments.of("late and new in one round",
                        List.of(List.of(h(3, 1), h(6, 2), h(8, 1)), List.of(h(10, 1), h(4, 7), h(0, 1), h(6, 1)))),
                Arguments.of("many rounds of everything", List.of(List.of(h(4, 1)), List.of(h(2, 1), h(4, 1)),
                        List.of(h(1, 1), h(3, 2), h(5, 1)), List.of(h(5, 5), h(0, 2)), List.of(h(2, 1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rounds")
    void runningTotalsEqualPlainSums(String name, List<List<long[]>> rounds) {
        NavigableMap<Long, long[]> rows = new TreeMap<>();
        Map<Long, Long> plain = new TreeMap<>();
        for (List<long[]> round : rounds) {
            TreeMap<Long, long[]> deltas = new TreeMap<>();
            for (long[] event : round) {
                deltas.computeIfAbsent(event[0], k -> new long[4])[0] += event[1];
                plain.merge(event[0], event[1], Long::sum);
            }
            fold(rows, deltas);
        }
        // one row per active hour, each the total through its hour
        assertThat(rows.keySet()).containsExactlyElementsOf(plain.keySet());
        long running = 0;
        for (var e : plain.entrySet()) {
            running += e.getValue();
            assertThat(rows.get(e.getKey())[0]).as("through hour " + e.getKey()).isEqualTo(running);
        }
        // every range [hs, he) is the difference of two lookups
        for (long hs = -1; hs <= 12; hs++) {
            for (long he = hs; he <= 12; he++) {
                long expected = 0;
                for (var e : plain.entrySet()) {
                    if (e.getKey() >= hs && e.getKey() < he) {
                        expected += e.getValue();
                    }
                }
                assertThat(before(rows, he) - before(rows, hs)).as("[%d, %d)", hs, he).isEqualTo(expected);
            }
        }
    }

    /** LinkTotals.write on a map: insert missing rows with the previous value, then the updates. */
    private static void fold(NavigableMap<Long, long[]> rows, TreeMap<Long, long[]> deltas) {
        for (long hour : deltas.keySet()) {
            if (!rows.containsKey(hour)) {
                var previous = rows.lowerEntry(hour);
                rows.put(hour, previous == null ? new long[4] : previous.getValue().clone());
            }
        }
        List<LinkTotals.Delta> list = new ArrayList<>();
        deltas.forEach((hour, m) -> list.add(new LinkTotals.Delta(hour, m)));
        for (LinkTotals.Range r : LinkTotals.ranges(list)) {
            for (long[] row : rows.subMap(r.from(), true, r.to(), false).values()) {
                for (int m = 0; m < 4; m++) {
                    row[m] += r.add()[m];
                }
            }
        }
    }

    /** The clicks of the last row before {@code hour}, as the query reads it. */
    private static long before(NavigableMap<Long, long[]> rows, long hour) {
        var e = rows.lowerEntry(hour);
        return e == null ? 0 : e.getValue()[0];
    }

    private static long[] h(long hour, long clicks) {
        return new long[] {hour, clicks};
    }
}
