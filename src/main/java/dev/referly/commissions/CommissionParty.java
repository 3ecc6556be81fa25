package dev.referly.commissions;

/** The partner and the customer shown with a commission (Dub's nested objects). */
public final class CommissionParty {
    private CommissionParty() {}

    /** The partners with these ids (unknown ids are absent). */
    public static java.util.Map<String, Partner> partners(org.jdbi.v3.core.Handle h, java.util.Collection<String> ids) {
        return CommissionReader.partners(h, ids);
    }

    public record Partner(String id, String name, String email, String image, String country, String groupId,
            String tenantId, String status) {}

    public record Customer(String id, String externalId, String name, String email, String avatar, String country,
            long sales, long saleAmount, long createdAt, Long firstSaleAt) {}
}
