package dev.referly.embed;

import dev.referly.analytics.AnalyticsService;
import dev.referly.credits.CreditService;
import dev.referly.programs.PartnerService;
import dev.referly.referrals.ReferralService;
import io.helidon.webserver.http.HttpRules;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** What the attribution script and the embedded referral dashboard need, wired once. */
public final class Embed {
    private final PublishableKeys publishableKeys;
    private final EmbedTokens tokens;
    private final EmbedRoutes pages;

    private Embed(PublishableKeys publishableKeys, EmbedTokens tokens, EmbedRoutes pages) {
        this.publishableKeys = publishableKeys;
        this.tokens = tokens;
        this.pages = pages;
    }

    public static Embed create(Jdbi jdbi, Clock clock, PartnerService partners, AnalyticsService analytics,
            CreditService credits, ReferralService referrals) {
        EmbedTokens tokens = new EmbedTokens(jdbi, clock);
        return new Embed(new PublishableKeys(jdbi, clock), tokens, new EmbedRoutes(tokens,
                new ReferralSummary(jdbi, clock, partners, analytics, credits, referrals), partners));
    }

    public PublishableKeys publishableKeys() {
        return publishableKeys;
    }

    public EmbedTokens tokens() {
        return tokens;
    }

    /** The embedded dashboard's pages (/embed/referrals). */
    public void register(HttpRules rules) {
        pages.register(rules);
    }
}
