package dev.referly.integrations.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.CommissionService;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.ProcessorCustomers;
import dev.referly.conversions.SaleService;
import org.jdbi.v3.core.Handle;

/**
 * Applies one type of Stripe event inside the transaction that claimed it. A handler decides
 * applied / waiting / ignored; anything it throws rolls the event back and marks it failed.
 */
interface EventHandler {
    Outcome apply(Handle h, Context ctx, JsonNode object);

    /** The workspace and connection an event arrived for. */
    record Context(String workspaceId, StripeConnection connection) {}

    /** The features handlers record into. */
    record Deps(ProcessorCustomers customers, LeadService leads, SaleService sales, CommissionService commissions) {}

    String EXTERNAL_ID = "dubCustomerExternalId";
    String LEGACY_EXTERNAL_ID = "dubCustomerId";
    String CLICK_ID = "dubClickId";

    /** Metadata {@code dubCustomerExternalId}, else the legacy {@code dubCustomerId}. */
    static String externalIdIn(JsonNode object) {
        return StripeJson.first(StripeJson.text(object, "metadata", EXTERNAL_ID),
                StripeJson.text(object, "metadata", LEGACY_EXTERNAL_ID));
    }
}
