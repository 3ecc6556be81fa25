package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.clicks.Click;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommittedClickBufferTest {
    private static List<Click> clicks(long firstSeq, int count) {
        List<Click> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Click("c" + (firstSeq + i), "ws", "link", 0, "https://x", "US", "", "", "NA", "Desktop",
                    "Chrome", "1", "Mac OS", "1", "ua", "(direct)", "(direct)", Click.Utm.NONE, "link", null, "v", null));
        }
        return out;
    }

    /** Commits given as "first:count" pairs separated by spaces; the answer as "first..last" or "none". */
    @ParameterizedTest(name = "commits [{0}], take ({1}, {2}] -> {3}, then ({2}, {4}] -> {5}")
    @CsvSource({
            "1:5 6:5,        0, 10, 1..10, 12, none",  // all held; nothing beyond 10 was handed over
            "1:5 6:5,        0,  7, 1..7,  10, 8..10", // a commit split across rounds
            "1:5 6:5,        3, 10, 4..10, 10, empty",  // the watermark inside the first commit
            "4:5,            0,  8, none,  12, none",  // 1..3 never handed over: read instead
            "1:5 9:2,        0, 10, none,  10, empty",  // a gap at 6..8 drops what was held
            "1:3,            0,  5, none,   5, empty",  // the database already has more than was handed over
            "1:3 4:3 7:3,    3,  9, 4..9,   9, empty",  // an empty range is trivially held
    })
    void servesOnlyRangesItHoldsCompletely(String commits, long after, long upTo, String first, long upTo2,
            String second) {
        CommittedClickBuffer buffer = new CommittedClickBuffer();
        for (String commit : commits.trim().split("\\s+")) {
            String[] parts = commit.split(":");
            long firstSeq = Long.parseLong(parts[0]);
            buffer.committed(firstSeq, clicks(firstSeq, Integer.parseInt(parts[1])));
        }
        assertThat(describe(buffer.take(after, upTo))).isEqualTo(first);
        assertThat(describe(buffer.take(upTo, upTo2))).isEqualTo(second);
    }

    private static String describe(CommittedClickBuffer.Run run) {
        if (run == null) {
            return "none";
        }
        if (run.clicks().isEmpty()) {
            return "empty";
        }
        for (int i = 0; i < run.clicks().size(); i++) {
            assertThat(run.clicks().get(i).id()).isEqualTo("c" + (run.firstSeq() + i));
        }
        return run.firstSeq() + ".." + (run.firstSeq() + run.clicks().size() - 1);
    }
}
