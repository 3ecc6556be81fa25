package dev.referly.rewards;

import java.util.List;

/** A sale's earnings computed line by line, rounded per line and summed. */
public record LineItemEarnings(long total, List<LineEarning> lines) {

    public LineItemEarnings {
        lines = List.copyOf(lines);
    }
}
