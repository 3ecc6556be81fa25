package dev.referly.conversions;

/** A customer of the company: a person who arrived through a click and may convert. */
public record Customer(
        String id,
        String workspaceId,
        String externalId,
        String name,
        String email,
        String avatar,
        String country,
        String stripeCustomerId,
        String clickId,
        String linkId,
        boolean attributed,
        long sales,
        long saleAmount,
        Long firstSaleAt,
        Long subscriptionCanceledAt,
        long createdAt,
        long updatedAt) {}
