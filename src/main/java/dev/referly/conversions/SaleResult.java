package dev.referly.conversions;

/** What POST /track/sale answers: the JSON of the first answer for an invoice, kept verbatim. */
public record SaleResult(String responseJson) {}
