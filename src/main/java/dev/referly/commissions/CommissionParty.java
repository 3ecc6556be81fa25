package dev.referly.commissions;

/** The partner and the customer shown with a commission (Dub's nested objects). */
public final class CommissionParty {
    private CommissionParty() {}

    public record Partner(String id, String name, String email, String image, String country, String groupId,
            String tenantId, String status) {}

    public record Customer(String id, String externalId, String name, String email, String avatar, String country,
            long sales, long saleAmount, long createdAt, Long firstSaleAt) {}
}
