package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.shared.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CommissionStatusTest {
    /** Rows are "from", columns "to", in declaration order; Y allowed, '.' refused. */
    private static final String[] TABLE = {
            //            pend hold proc paid refu dupl frau canc
            "PENDING    .    Y    Y    .    Y    Y    Y    Y",
            "HOLD       Y    .    .    .    Y    Y    Y    Y",
            "PROCESSED  Y    .    .    Y    Y    Y    Y    Y",
            "PAID       .    .    .    .    .    .    .    .",
            "REFUNDED   Y    .    .    .    .    .    .    .",
            "DUPLICATE  Y    .    .    .    .    .    .    .",
            "FRAUD      Y    .    .    .    .    .    .    .",
            "CANCELED   Y    .    .    .    .    .    .    .",
    };

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (String row : TABLE) {
            String[] cells = row.trim().split("\\s+");
            CommissionStatus from = CommissionStatus.valueOf(cells[0]);
            for (int i = 1; i < cells.length; i++) {
                pairs.add(Arguments.of(from, CommissionStatus.values()[i - 1], cells[i].equals("Y")));
            }
        }
        assertThat(pairs).hasSize(64);
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionTable(CommissionStatus from, CommissionStatus to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"pending,true", "hold,false", "processed,false", "paid,false", "refunded,true", "duplicate,true",
            "fraud,true", "canceled,true"})
    void onlyDubsStatusesAreSettableThroughTheApi(String status, boolean settable) {
        assertThat(CommissionStatus.SETTABLE_BY_API.contains(CommissionStatus.parse("status", status)))
                .isEqualTo(settable);
    }

    @ParameterizedTest
    @CsvSource({"pending,true", "hold,false", "processed,true", "paid,true", "refunded,false", "duplicate,false",
            "fraud,false", "canceled,false"})
    void countedStatusesAreThoseOwedToThePartner(String status, boolean counted) {
        assertThat(CommissionStatus.parse("status", status).counted()).isEqualTo(counted);
    }

    @ParameterizedTest
    @CsvSource({"PENDING", "Paid", "unknown", "''"})
    void unknownStatusesNameTheField(String status) {
        assertThatThrownBy(() -> CommissionStatus.parse("status", status))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("status:");
    }
}
