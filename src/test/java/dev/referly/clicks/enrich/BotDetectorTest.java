package dev.referly.clicks.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The token list and the human-tool exception on their own, without loading Yauaa. */
class BotDetectorTest {

    private static final ClientInfo HUMAN = new ClientInfo("Desktop", "Chrome", "131", "Mac OS", "10.15", false);
    private static final ClientInfo YAUAA_ROBOT = new ClientInfo("Bot", "Something", "1.0", "Unknown", "Unknown", true);

    private final BotDetector detector = new BotDetector();

    static Stream<Arguments> cases() {
        return Stream.of(
                // Token list catches crawlers even when Yauaa (here: the ClientInfo) thinks it's a person.
                Arguments.of("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; YandexBot/3.0)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; Yahoo! Slurp)", HUMAN, true),
                Arguments.of("Sogou web spider/4.0", HUMAN, true),
                Arguments.of("SomeCrawler/1.0", HUMAN, true),
                Arguments.of("facebookcatalog/1.0", HUMAN, true),
                Arguments.of("Slack-ImgProxy (+https://api.slack.com/robots)", HUMAN, true),
                Arguments.of("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", HUMAN, true),
                Arguments.of("TelegramBot (like TwitterBot)", HUMAN, true),
                Arguments.of("WhatsApp/2.23.20.0 A", HUMAN, true),
                Arguments.of("Mozilla/5.0 (Macintosh) Version/17.5 Safari/605.1.15 (Applebot/0.1)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)", HUMAN, true),
                Arguments.of("Pinterest/0.2 (+https://www.pinterest.com/bot.html)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)", HUMAN, true),
                Arguments.of("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5", HUMAN, true),
                Arguments.of("Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)", HUMAN, true),
                Arguments.of("Iframely/1.3.1 (+https://iframely.com/docs/about)", HUMAN, true),
                Arguments.of("GOOGLEBOT/2.1", HUMAN, true),
                // Yauaa's robot verdict counts on its own ...
                Arguments.of("SomeMonitoringService/2.0", YAUAA_ROBOT, true),
                // ... except for the tools we count as people,
                Arguments.of("curl/8.5.0", YAUAA_ROBOT, false),
                Arguments.of("Wget/1.21.4", YAUAA_ROBOT, false),
                Arguments.of("python-requests/2.32.3", YAUAA_ROBOT, false),
                Arguments.of("Java/21.0.5", YAUAA_ROBOT, false),
                Arguments.of("Java-http-client/21.0.5", YAUAA_ROBOT, false),
                Arguments.of("okhttp/4.12.0", YAUAA_ROBOT, false),
                Arguments.of("wrk/4.2.0", YAUAA_ROBOT, false),
                // ... unless they also carry a crawler token.
                Arguments.of("python-requests/2.32.3 (MyCrawler)", YAUAA_ROBOT, true),
                // People whose UA merely looks suspicious.
                Arguments.of("Mozilla/5.0 (Linux; Android 12; CUBOT NOTE 20) Chrome/131.0.0.0 Mobile Safari/537.36", HUMAN, false),
                Arguments.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 [Pinterest/iOS]", HUMAN, false),
                Arguments.of("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36", HUMAN, false),
                Arguments.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0 Safari/537.36", HUMAN, false),
                Arguments.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0 Safari/537.36", null, false),
                Arguments.of("", YAUAA_ROBOT, false),
                Arguments.of(null, null, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void classifies(String userAgent, ClientInfo info, boolean expectedBot) {
        assertThat(detector.isBot(userAgent, info)).isEqualTo(expectedBot);
    }

    @Test
    void tokensAreLowerCaseBecauseMatchingLowerCasesTheUserAgent() {
        assertThat(BotDetector.CRAWLER_TOKENS).allSatisfy(token -> assertThat(token).isLowerCase());
        assertThat(BotDetector.HUMAN_TOOL_PREFIXES).allSatisfy(prefix -> assertThat(prefix).isLowerCase());
    }
}
