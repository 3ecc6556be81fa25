package dev.referly.links;

import dev.referly.shared.ApiException;
import java.util.Locale;

/** Filters, order and page of GET /links and GET /links/count. */
public record LinkQuery(String domain, String search, String tenantId, String partnerId, String folderId,
        String userId, boolean showArchived, boolean tagFilter, String sortBy, boolean ascending,
        int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;

    public LinkQuery {
        if (page < 1) {
            throw ApiException.invalid("page", "must be 1 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiException.invalid("pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        sortBy = switch (sortBy == null ? "createdAt" : sortBy) {
            case "createdAt" -> "created_at";
            case "clicks" -> "clicks";
            case "saleAmount" -> "sale_amount";
            case "lastClicked" -> "last_clicked";
            default -> throw ApiException.invalid("sortBy", "must be one of createdAt, clicks, saleAmount, lastClicked");
        };
        if (domain != null) {
            domain = domain.toLowerCase(Locale.ROOT);
        }
    }
}
