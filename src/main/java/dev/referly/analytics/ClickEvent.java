package dev.referly.analytics;

import dev.referly.clicks.Click;
import dev.referly.links.Link;

/** A click with the link it was made on, as GET /events lists it. */
public record ClickEvent(Click click, Link link) {}
