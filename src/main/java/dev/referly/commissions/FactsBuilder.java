package dev.referly.commissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.programs.PartnerTotals;
import dev.referly.rewards.RewardFacts;
import dev.referly.shared.Timestamps;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Gathers what reward conditions may test about a conversion, keyed like Condition.factKey(). */
final class FactsBuilder {
    private final Map<String, String> facts = new HashMap<>();

    FactsBuilder partner(Handle h, PartnerContext partner) {
        put("partner.country", partner.country());
        PartnerTotals t = PartnerTotals.of(h, partner.id());
        put("partner.totalClicks", Long.toString(t.clicks()));
        put("partner.totalLeads", Long.toString(t.leads()));
        put("partner.totalConversions", Long.toString(t.conversions()));
        put("partner.totalSaleAmount", Long.toString(t.saleAmount()));
        put("partner.totalCommissions", Long.toString(t.commissions()));
        return this;
    }

    /** customer.country, customer.signupDate, customer.source (how its first lead came) and subscription months. */
    FactsBuilder customer(Handle h, String customerId, long at) {
        if (customerId == null) {
            return this;
        }
        h.createQuery("SELECT country, created_at, first_sale_at,"
                        + " (SELECT source FROM leads WHERE customer_id = c.id ORDER BY ts, seq LIMIT 1) AS source"
                        + " FROM customers c WHERE id = :id")
                .bind("id", customerId)
                .map((rs, ctx) -> {
                    put("customer.country", rs.getString("country"));
                    put("customer.signupDate", Timestamps.iso(rs.getLong("created_at")));
                    put("customer.source", rs.getString("source"));
                    long firstSale = rs.getLong("first_sale_at");
                    if (!rs.wasNull()) {
                        put("customer.subscriptionDurationMonths", Long.toString(ChronoUnit.MONTHS.between(
                                Instant.ofEpochMilli(firstSale).atZone(ZoneOffset.UTC),
                                Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC))));
                    }
                    return true;
                })
                .findOne();
        return this;
    }

    /** entity.metadata.KEY for each top-level key of a metadata JSON object; productId also as sale.productId. */
    FactsBuilder metadata(String entity, String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return this;
        }
        JsonNode node;
        try {
            node = StoredReward.JSON.readTree(metadataJson);
        } catch (java.io.IOException e) {
            return this;
        }
        if (node == null || !node.isObject()) {
            return this;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            if (v.isNull()) {
                continue;
            }
            put(entity + ".metadata." + field.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        if (entity.equals("sale") && node.path("productId").isTextual()) {
            put("sale.productId", node.path("productId").asText());
        }
        return this;
    }

    FactsBuilder put(String key, String value) {
        if (value != null) {
            facts.put(key, value);
        }
        return this;
    }

    RewardFacts build() {
        return new RewardFacts(facts);
    }
}
