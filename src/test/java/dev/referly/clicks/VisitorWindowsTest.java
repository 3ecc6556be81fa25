package dev.referly.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.shared.Ids;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VisitorWindowsTest {
    private static final long HOUR = 3_600_000L;
    private static final String VISITOR = "0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {"0000000000000000", "zzzzzzzzzzzzzzzz", "VbdGuarIms563h19", "A1b2C3d4E5f6G7h8"})
    void packsClickIdsIntoTwoLongsAndBack(String id) {
        long[] packed = VisitorWindows.pack(id);
        assertThat(VisitorWindows.unpack(packed[0], packed[1])).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "VbdGuarIms563h19x", "VbdGuarIms563h1-"})
    void leavesOtherIdsUnpacked(String id) {
        assertThat(VisitorWindows.pack(id)).isNull();
    }

    @ParameterizedTest(name = "looked up {0} ms after opening -> open: {1}")
    @CsvSource({"0, true", "1, true", "3599999, true", "3600000, false", "7200000, false"})
    void aWindowStaysOpenForAnHour(long after, boolean open) {
        VisitorWindows windows = new VisitorWindows(HOUR, 1_000);
        VisitorWindows.Key key = VisitorWindows.Key.of("link_1", VISITOR);
        windows.put(key, 1_000_000, "VbdGuarIms563h19");
        CompletableFuture<String> found = windows.open(key, 1_000_000 + after);
        assertThat(found == null ? null : found.join()).isEqualTo(open ? "VbdGuarIms563h19" : null);
    }

    @Test
    void linksAndVisitorsHaveWindowsOfTheirOwn() {
        VisitorWindows windows = new VisitorWindows(HOUR, 1_000);
        windows.put(VisitorWindows.Key.of("link_1", VISITOR), 10, "AAAAAAAAAAAAAAAA");
        assertThat(windows.open(VisitorWindows.Key.of("link_2", VISITOR), 20)).isNull();
        assertThat(windows.open(VisitorWindows.Key.of("link_1", "f" + VISITOR.substring(1)), 20)).isNull();
        assertThat(windows.open(VisitorWindows.Key.of("link_1", VISITOR), 20).join()).isEqualTo("AAAAAAAAAAAAAAAA");
    }

    @Test
    void aBurstSharesTheFirstReservationAndTheStoredIdAfterIt() {
        VisitorWindows windows = new VisitorWindows(HOUR, 1_000);
        VisitorWindows.Key key = VisitorWindows.Key.of("link_1", VISITOR);
        CompletableFuture<String> first = new CompletableFuture<>();
        assertThat(windows.reserve(key, 5, first)).isNull();
        assertThat(windows.reserve(key, 6, new CompletableFuture<>())).isSameAs(first);
        assertThat(windows.open(key, 6)).isSameAs(first);
        windows.stored(key, 5, "BBBBBBBBBBBBBBBB", first);
        first.complete("BBBBBBBBBBBBBBBB");
        assertThat(windows.open(key, 7).join()).isEqualTo("BBBBBBBBBBBBBBBB");
    }

    @Test
    void aFailedStoreLeavesTheWindowClosed() {
        VisitorWindows windows = new VisitorWindows(HOUR, 1_000);
        VisitorWindows.Key key = VisitorWindows.Key.of("link_1", VISITOR);
        CompletableFuture<String> first = new CompletableFuture<>();
        windows.reserve(key, 5, first);
        windows.failed(key, first);
        assertThat(windows.open(key, 6)).isNull();
        assertThat(windows.reserve(key, 6, new CompletableFuture<>())).isNull();
    }

    @Test
    void growsToHoldEveryWindowUpToItsSize() {
        VisitorWindows windows = new VisitorWindows(HOUR, 100_000);
        for (int i = 0; i < 50_000; i++) {
            windows.put(VisitorWindows.Key.of("link_" + i, VISITOR), 1_000 + i, Ids.clickId(1_000 + i));
        }
        int found = 0;
        for (int i = 0; i < 50_000; i++) {
            if (windows.open(VisitorWindows.Key.of("link_" + i, VISITOR), 2_000_000) != null) {
                found++;
            }
        }
        assertThat(found).isEqualTo(50_000);
    }

    @Test
    void whenFullTheOldestWindowsMakeRoom() {
        VisitorWindows windows = new VisitorWindows(HOUR, 1_000);
        int total = 200_000;
        for (int i = 0; i < total; i++) {
            windows.put(VisitorWindows.Key.of("link_" + i, VISITOR), 1_000 + i, Ids.clickId(1_000 + i));
        }
        int newestKept = 0;
        for (int i = total - 100; i < total; i++) {
            if (windows.open(VisitorWindows.Key.of("link_" + i, VISITOR), 2_000_000) != null) {
                newestKept++;
            }
        }
        int oldestKept = 0;
        for (int i = 0; i < 100; i++) {
            if (windows.open(VisitorWindows.Key.of("link_" + i, VISITOR), 2_000_000) != null) {
                oldestKept++;
            }
        }
        assertThat(newestKept).isEqualTo(100);
        assertThat(oldestKept).isZero();
    }
}
