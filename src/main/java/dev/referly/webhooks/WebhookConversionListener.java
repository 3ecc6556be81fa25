package dev.referly.webhooks;

import dev.referly.conversions.ConversionListener;
import org.jdbi.v3.core.Handle;

/**
 * lead.created and sale.created, written in the conversion's transaction. App runs it after the
 * commissions listener, so the partner totals in the payload include the new commission.
 */
public final class WebhookConversionListener implements ConversionListener {
    @Override
    public void leadRecorded(Handle h, LeadRecorded lead) {
        Outbox.append(h, lead.workspaceId(), EventTypes.LEAD_CREATED, lead.linkId(), lead, lead.at());
    }

    @Override
    public void saleRecorded(Handle h, SaleRecorded sale) {
        Outbox.append(h, sale.workspaceId(), EventTypes.SALE_CREATED, sale.linkId(), sale, sale.at());
    }
}
