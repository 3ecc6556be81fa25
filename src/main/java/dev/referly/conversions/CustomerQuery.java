package dev.referly.conversions;

import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;

/** Filters, order and page of GET /customers. */
public record CustomerQuery(String email, String externalId, String search, String country, String linkId,
        String sortBy, boolean ascending, int page, int pageSize, String startingAfter, String endingBefore) {

    public static final int MAX_PAGE_SIZE = 100;

    public CustomerQuery {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
        sortBy = switch (sortBy == null ? "createdAt" : sortBy) {
            case "createdAt" -> "created_at";
            case "saleAmount" -> "sale_amount";
            case "firstSaleAt" -> "first_sale_at";
            case "subscriptionCanceledAt" -> "subscription_canceled_at";
            default -> throw ApiException.invalid("sortBy",
                    "must be createdAt, saleAmount, firstSaleAt or subscriptionCanceledAt");
        };
    }
}
