package dev.referly.webhooks;

import java.util.List;
import java.util.Set;

/** The event types an endpoint can subscribe to (its triggers), in Dub's names where Dub has them. */
public final class EventTypes {
    public static final String LINK_CREATED = "link.created";
    public static final String LINK_UPDATED = "link.updated";
    public static final String LINK_DELETED = "link.deleted";
    public static final String LINK_CLICKED = "link.clicked";
    public static final String LEAD_CREATED = "lead.created";
    public static final String SALE_CREATED = "sale.created";
    public static final String PARTNER_ENROLLED = "partner.enrolled";
    public static final String PARTNER_GROUP_MOVED = "partner.group_moved";
    public static final String COMMISSION_CREATED = "commission.created";
    public static final String COMMISSION_UPDATED = "commission.updated";
    public static final String PAYOUT_CONFIRMED = "payout.confirmed";
    /** Accepted as a trigger now; written once referral credits exist. */
    public static final String CREDIT_GRANTED = "credit.granted";

    public static final List<String> ALL = List.of(LINK_CREATED, LINK_UPDATED, LINK_DELETED, LINK_CLICKED,
            LEAD_CREATED, SALE_CREATED, PARTNER_ENROLLED, PARTNER_GROUP_MOVED, COMMISSION_CREATED, COMMISSION_UPDATED,
            PAYOUT_CONFIRMED, CREDIT_GRANTED);
    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private EventTypes() {}

    public static boolean known(String type) {
        return KNOWN.contains(type);
    }
}
