package dev.referly.integrations.stripe;

import dev.referly.commissions.CommissionService;
import dev.referly.conversions.LeadService;
import dev.referly.conversions.ProcessorCustomers;
import dev.referly.conversions.SaleService;
import dev.referly.programs.PartnerService;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The Stripe integration's parts, wired together: the connection, the webhook receiver, discount codes. */
public record StripeIntegration(StripeConnections connections, StripeWebhooks webhooks, DiscountCodes discountCodes) {
    /** Where Stripe posts events: this path for the shared endpoint, plus "/{workspaceId}" for one workspace. */
    public static final String WEBHOOK_PATH = "/integrations/stripe/webhook";


    public static StripeIntegration create(Jdbi jdbi, GroupCommitWriter writer, Clock clock, LeadService leads,
            SaleService sales, CommissionService commissions, PartnerService partners) {
        StripeConnections connections = new StripeConnections(jdbi, clock);
        EventHandler.Deps deps = new EventHandler.Deps(new ProcessorCustomers(clock), leads, sales, commissions);
        return new StripeIntegration(connections, new StripeWebhooks(jdbi, writer, clock, connections, deps),
                new DiscountCodes(jdbi, clock, partners));
    }
}
