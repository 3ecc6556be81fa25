package dev.referly.programs;

/** What the enrolled-partner shape shows of each of the partner's links. */
public record PartnerLink(String id, String domain, String key, String url, long clicks, long leads,
        long conversions, long sales, long saleAmount) {}
