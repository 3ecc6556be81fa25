package dev.referly.commissions;

/** GET /commissions filters (Dub's), already typed; the service validates the values. */
public record CommissionQuery(String status, String type, String partnerId, String tenantId, String customerId,
        String payoutId, String invoiceId, String groupId, String start, String end, String interval, String sortBy,
        boolean ascending, int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
}
