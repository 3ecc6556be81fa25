package dev.referly.conversions;

import java.util.ArrayList;
import java.util.List;

/**
 * A sale's product lines in the workspace currency. The lines are shared out so that they add up
 * to the recorded sale amount exactly: in proportion to their own amounts, which absorbs the
 * exchange rate and whatever the lines leave out (discounts, tax), with the remainder cents going
 * to the largest fractions (ties to the earlier line). Lines that cannot be weighed (a negative or
 * all-zero line, e.g. a proration credit) give no lines at all: the sale is then rewarded as a whole.
 */
final class LineItems {
    private LineItems() {}

    static List<ConversionListener.LineItem> inWorkspaceCurrency(List<ProcessorSale.Line> lines,
            FxRates.Converted converted) {
        if (lines.isEmpty() || lines.stream().anyMatch(l -> l.amount() < 0)) {
            return List.of();
        }
        long[] shares = allocate(lines.stream().mapToLong(ProcessorSale.Line::amount).toArray(),
                converted.amount().minor());
        if (shares == null) {
            return List.of();
        }
        List<ConversionListener.LineItem> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ProcessorSale.Line l = lines.get(i);
            out.add(new ConversionListener.LineItem(l.productId(), shares[i], Math.max(l.quantity(), 1)));
        }
        return out;
    }

    /** {@code total} split in proportion to {@code weights} (largest remainder); null when the weights sum to 0. */
    static long[] allocate(long[] weights, long total) {
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (long w : weights) {
            sum = sum.add(java.math.BigInteger.valueOf(w));
        }
        if (sum.signum() == 0) {
            return null;
        }
        long[] shares = new long[weights.length];
        java.math.BigInteger[] remainders = new java.math.BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            java.math.BigInteger[] qr = java.math.BigInteger.valueOf(weights[i])
                    .multiply(java.math.BigInteger.valueOf(total)).divideAndRemainder(sum);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += shares[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (remainders[i] != null && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = null; // each line gets at most one of the remainder units
        }
        return shares;
    }
}
