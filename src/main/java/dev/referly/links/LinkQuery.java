package dev.referly.links;

import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;
import java.util.Locale;

/** Filters, order and page of GET /links and GET /links/count. */
public record LinkQuery(String domain, String search, String tenantId, String partnerId, String folderId,
        String userId, boolean showArchived, boolean tagFilter, String sortBy, boolean ascending,
        int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;

    public LinkQuery {
        Paging.check(page, pageSize, MAX_PAGE_SIZE);
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
