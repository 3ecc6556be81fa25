package dev.referly.conversions;

import dev.referly.clicks.Click;

/**
 * What POST /track/lead did: the click and customer it used, the link it credited (null
 * when the click was outside the attribution window), and whether a lead was recorded.
 */
public record LeadResult(Click click, String linkId, Customer customer, boolean recorded, boolean attributed) {}
