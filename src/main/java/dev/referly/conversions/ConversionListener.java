package dev.referly.conversions;

import org.jdbi.v3.core.Handle;

/**
 * Told about each recorded lead and sale inside the transaction that records it, so what it
 * writes (commissions, group moves) commits or rolls back with the conversion itself.
 * Implemented outside this package (commissions) and wired in by App, which keeps the
 * dependency pointing from programs to conversions.
 */
public interface ConversionListener {
    ConversionListener NONE = new ConversionListener() {
        @Override
        public void leadRecorded(Handle h, LeadRecorded lead) {}

        @Override
        public void saleRecorded(Handle h, SaleRecorded sale) {}
    };

    /** Tells each listener in turn, in the order given. */
    static ConversionListener all(ConversionListener... listeners) {
        java.util.List<ConversionListener> all = java.util.List.of(listeners);
        return new ConversionListener() {
            @Override
            public void leadRecorded(Handle h, LeadRecorded lead) {
                all.forEach(l -> l.leadRecorded(h, lead));
            }

            @Override
            public void saleRecorded(Handle h, SaleRecorded sale) {
                all.forEach(l -> l.saleRecorded(h, sale));
            }
        };
    }

    void leadRecorded(Handle h, LeadRecorded lead);

    void saleRecorded(Handle h, SaleRecorded sale);

    /**
     * A tracked lead (not the synthetic lead of a direct sale, which earns no lead reward).
     *
     * @param leadEventId the first of the {@code quantity} lead events recorded
     * @param linkId      the credited link, null when the lead is unattributed
     */
    record LeadRecorded(String workspaceId, String leadEventId, String customerId, String linkId, String clickId,
            String eventName, int quantity, String metadata, long at) {}

    /**
     * A recorded sale.
     *
     * @param amount      in the workspace currency's minor units (after FX conversion)
     * @param firstSale   whether this is the customer's first sale
     * @param lineItems   product lines when the sale names them (Stripe invoices), else empty
     * @param recurring   a renewal of a subscription (reward condition sale.type = recurring); a tracked
     *                    sale is recurring when the customer had sales before
     * @param heldForReview its commissions start on hold (a sale a browser reported with a publishable key)
     */
    record SaleRecorded(String workspaceId, String saleEventId, String customerId, String linkId, String clickId,
            String eventName, long amount, String currency, String invoiceId, String metadata, boolean firstSale,
            java.util.List<LineItem> lineItems, long at, boolean recurring, boolean heldForReview) {

        public SaleRecorded {
            lineItems = lineItems == null ? java.util.List.of() : java.util.List.copyOf(lineItems);
        }

        /** A sale whose type follows from the customer's history: recurring unless it is the first. */
        public SaleRecorded(String workspaceId, String saleEventId, String customerId, String linkId, String clickId,
                String eventName, long amount, String currency, String invoiceId, String metadata, boolean firstSale,
                java.util.List<LineItem> lineItems, long at) {
            this(workspaceId, saleEventId, customerId, linkId, clickId, eventName, amount, currency, invoiceId,
                    metadata, firstSale, lineItems, at, !firstSale, false);
        }
    }

    /** One product line of a sale: amount in the workspace currency's minor units. */
    record LineItem(String productId, long amount, int quantity) {}
}
