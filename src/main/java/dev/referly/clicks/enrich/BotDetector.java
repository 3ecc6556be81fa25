package dev.referly.clicks.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;

/**
 * Decides whether a click came from a bot, so it can be kept out of click counts and conversions.
 *
 * <p>Two sources are combined: Yauaa's robot classification (carried in {@link ClientInfo#bot()})
 * and a maintained list of crawler and link-unfurler tokens. The list exists because unfurlers
 * (Slack, WhatsApp, Skype, ...) fetch every shared link once per chat, which would otherwise
 * inflate clicks, and Yauaa does not recognise all of them as robots.
 *
 * <p>Deliberate exception: plain HTTP tools and libraries (curl, Wget, python-requests, Java's
 * HTTP clients, OkHttp, wrk) count as humans even though Yauaa calls them robots. Operators
 * benchmark and smoke-test short links with them, and partners legitimately resolve links from
 * their servers; dropping those clicks would make Referly look broken. A real crawler that
 * merely uses such a library still gets caught when its UA carries a crawler token.
 * HeadlessChrome is likewise not treated as a bot, because our own browser tests drive it.
 */
public final class BotDetector {

    /**
     * Case-insensitive substrings of crawler and link-preview User-Agents. Many are already covered by
     * "bot"; they are listed anyway so the list documents which unfurlers we have checked.
     */
    static final String[] CRAWLER_TOKENS = {
        "bot",
        "crawler",
        "spider",
        "slurp",
        "facebookexternalhit",
        "facebookcatalog",
        "slackbot",
        "slack-imgproxy",
        "twitterbot",
        "linkedinbot",
        "discordbot",
        "telegrambot",
        "whatsapp",
        "applebot",
        "googlebot",
        "bingbot",
        "embedly",
        // Not plain "pinterest": the Pinterest app's in-app browser sends "[Pinterest/iOS]" for real people.
        // The crawler sends "Pinterest/0.x (+...bot.html)" or "Pinterestbot", which "bot" already covers.
        "pinterest/0.",
        "redditbot",
        "skypeuripreview",
        "vkshare",
        "iframely",
    };

    /**
     * Substrings that contain a crawler token but belong to humans; removed before matching.
     * Cubot is an Android phone brand whose model names ("CUBOT NOTE 20") would hit "bot".
     */
    static final String[] HUMAN_LOOKALIKES = {
        "cubot",
    };

    /** UA prefixes (lower case) of tools we count as humans; see the class comment for why. */
    static final String[] HUMAN_TOOL_PREFIXES = {
        "curl/",
        "wget/",
        "python-requests/",
        "java/",
        "java-http-client/",
        "okhttp/",
        "wrk/",
    };

    /**
     * @param userAgent the raw header, may be null
     * @param info      what {@link UserAgentParser} made of it (decisions are remembered per header,
     *                  so it must be exactly that), may be null if it was not parsed
     */
    public boolean isBot(String userAgent, ClientInfo info) {
        if (info != null && userAgent != null && userAgent.length() <= UserAgentParser.MAX_CACHED_LENGTH) {
            // The parser's answer is a function of the header, so the header alone keys the decision;
            // lower-casing and two dozen scans per redirect showed in profiles.
            return decisions.get(userAgent, ua -> decide(ua, info));
        }
        return decide(userAgent, info);
    }

    private final Cache<String, Boolean> decisions =
            Caffeine.newBuilder().executor(Runnable::run).maximumSize(UserAgentParser.CACHE_SIZE).build();

    private static boolean decide(String userAgent, ClientInfo info) {
        if (userAgent == null || userAgent.isBlank()) {
            // No header at all is common for privacy tools and some apps; not evidence of a bot.
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (matchesCrawlerToken(ua)) {
            return true;
        }
        return info != null && info.bot() && !isHumanToolLower(ua);
    }

    /** True for the HTTP tools we count as human; {@link UserAgentParser} uses it to override Yauaa. */
    static boolean isHumanTool(String userAgent) {
        return userAgent != null && isHumanToolLower(userAgent.toLowerCase(Locale.ROOT));
    }

    // Prefix, not substring: LinkedInBot's UA mentions "Apache-HttpClient" and crawlers often mention "Java".
    private static boolean isHumanToolLower(String ua) {
        String trimmed = ua.stripLeading();
        for (String prefix : HUMAN_TOOL_PREFIXES) {
            if (trimmed.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesCrawlerToken(String lowerUa) {
        String ua = lowerUa;
        for (String lookalike : HUMAN_LOOKALIKES) {
            if (ua.contains(lookalike)) {
                ua = ua.replace(lookalike, " ");
            }
        }
        for (String token : CRAWLER_TOKENS) {
            if (ua.contains(token)) {
                return true;
            }
        }
        return false;
    }
}
