package dev.referly.payouts;

import java.util.List;

/** GET /payouts (and export) filters. */
public record PayoutQuery(String status, String partnerId, String tenantId, String invoiceId, String groupId,
        List<String> payoutIds, String sortBy, boolean ascending, int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
}
