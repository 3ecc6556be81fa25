package dev.referly.embed;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** What the attribution script and the embedded referral dashboard need, wired once. */
public final class Embed {
    private final PublishableKeys publishableKeys;

    private Embed(PublishableKeys publishableKeys) {
        this.publishableKeys = publishableKeys;
    }

    public static Embed create(Jdbi jdbi, Clock clock) {
        return new Embed(new PublishableKeys(jdbi, clock));
    }

    public PublishableKeys publishableKeys() {
        return publishableKeys;
    }
}
