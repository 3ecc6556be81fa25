package dev.referly.rewards;

import dev.referly.shared.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Earnings from chosen terms. Percentages round half-up once per computation (per line item for
 * itemised sales) through {@link Money#percentOf}; earnings are never negative, and a negative
 * quantity counts as none.
 */
public final class CommissionMath {

    public static final String SALE_PRODUCT_ID = "sale.productId";

    private CommissionMath() {
    }

    /** Flat cents times quantity; a percentage has nothing to take a share of, so earns 0. */
    public static long leadEarnings(RewardSelection s, int quantity) {
        if (s.type() != RewardType.FLAT) {
            return 0;
        }
        return Math.max(0, Math.multiplyExact(s.amountInCents(), (long) Math.max(0, quantity)));
    }

    /** Flat cents times quantity, or the percentage of the sale amount rounded half-up once. */
    public static long saleEarnings(RewardSelection s, long saleAmount, int quantity) {
        long earnings = s.type() == RewardType.FLAT
                ? Math.multiplyExact(s.amountInCents(), (long) Math.max(0, quantity))
                : Money.percentOf(saleAmount, s.amountInBasisPoints());
        return Math.max(0, earnings);
    }

    /**
     * Each line chooses its own terms, with {@code sale.productId} and {@code sale.amount}
     * replaced by the line's, earns rounded on its own, and the lines are summed.
     */
    public static LineItemEarnings saleEarnings(Reward reward, RewardFacts facts, List<SaleLine> lines) {
        List<LineEarning> earned = new ArrayList<>(lines.size());
        long total = 0;
        for (SaleLine line : lines) {
            Map<String, String> lineFacts = new HashMap<>(facts.values());
            lineFacts.put(RewardEvaluator.SALE_AMOUNT, Long.toString(line.amount()));
            if (line.productId() != null) {
                lineFacts.put(SALE_PRODUCT_ID, line.productId());
            } else {
                lineFacts.remove(SALE_PRODUCT_ID);
            }
            RewardSelection selection = RewardEvaluator.select(reward, new RewardFacts(lineFacts));
            long earnings = saleEarnings(selection, line.amount(), line.quantity());
            earned.add(new LineEarning(line.productId(), line.amount(), selection, earnings));
            total = Math.addExact(total, earnings);
        }
        return new LineItemEarnings(total, earned);
    }
}
