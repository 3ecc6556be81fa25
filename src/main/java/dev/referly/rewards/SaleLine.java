package dev.referly.rewards;

/**
 * One line item of a sale.
 *
 * @param amount   the line's total in minor units (already multiplied by the quantity)
 * @param quantity units on the line; multiplies a flat reward, not a percentage
 */
public record SaleLine(String productId, long amount, int quantity) {
}
