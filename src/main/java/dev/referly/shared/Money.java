package dev.referly.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

/**
 * An exact amount: integer minor units of an ISO-4217 currency (cents for USD, yen for JPY,
 * fils for BHD). The one rounding rule, half-up to the minor unit, lives in {@link #of} and
 * {@link #percentOf}.
 */
public record Money(long minor, String currency) {

    public Money {
        currency = currency.toLowerCase(Locale.ROOT);
    }

    public static final String USD = "usd";

    /** Minor-unit digits per ISO 4217: 0 for JPY and KRW, 3 for BHD and KWD, 2 for most. */
    public static int minorDigits(String currencyCode) {
        int digits = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    public static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Za-z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The amount in major units, exactly (e.g. 1234 usd -> 12.34). */
    public BigDecimal major() {
        return BigDecimal.valueOf(minor, minorDigits(currency));
    }

    /** A major-unit amount rounded half-up to the currency's minor unit. */
    public static Money of(BigDecimal major, String currency) {
        BigDecimal minorUnits = major.movePointRight(minorDigits(currency)).setScale(0, RoundingMode.HALF_UP);
        return new Money(minorUnits.longValueExact(), currency);
    }

    /**
     * A percentage of an amount of minor units, rounded half-up once to the minor unit
     * (ties away from zero, as {@link #of}): 1 bps of 50 cents is 0.005 -> 0, of 5000 is 0.5 -> 1.
     *
     * @param basisPoints the percentage times 100 (30.5% = 3050)
     */
    public static long percentOf(long minor, int basisPoints) {
        return BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BASIS_POINTS_PER_UNIT, 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static final BigDecimal BASIS_POINTS_PER_UNIT = BigDecimal.valueOf(10_000);
}
