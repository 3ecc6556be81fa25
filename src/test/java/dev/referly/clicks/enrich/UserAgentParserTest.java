package dev.referly.clicks.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserAgentParserTest {

    private static final String MAC_CHROME =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String IPHONE_SAFARI =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private static final String ANDROID_CHROME =
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36";
    private static final String IPAD_SAFARI =
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private static final String WINDOWS_FIREFOX =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String WINDOWS_EDGE =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    private static final String ANDROID_TABLET =
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String CUBOT_PHONE =
            "Mozilla/5.0 (Linux; Android 12; CUBOT NOTE 20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    private static final String PLAYSTATION =
            "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15";
    private static final String SMART_TV =
            "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36";
    private static final String HEADLESS_CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";
    private static final String GOOGLEBOT =
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final String GOOGLEBOT_SMARTPHONE =
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
                    + " (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final String FACEBOOK = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";
    private static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
    private static final String TWITTER = "Twitterbot/1.0";
    private static final String WHATSAPP = "WhatsApp/2.23.20.0 A";
    private static final String SKYPE =
            "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com";
    private static final String SQL_INJECTION = "' OR 1=1 --";

    private static final String U = ClientInfo.UNKNOWN_VALUE;

    private static UserAgentParser parser;
    private static final BotDetector detector = new BotDetector();

    @BeforeAll
    static void startYauaa() {
        System.gc();
        long heapBefore = usedHeap();
        long before = System.nanoTime();
        parser = UserAgentParser.shared();
        long millis = (System.nanoTime() - before) / 1_000_000;
        System.gc();
        long retainedMb = (usedHeap() - heapBefore) >> 20;
        System.out.printf("[enrich] UserAgentParser.shared() start-up: %d ms, heap retained (approx., after GC): %d MB%n",
                millis, retainedMb);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** UA, what the parser reports, and the final verdict once BotDetector's token list is applied. */
    static Stream<Arguments> userAgents() {
        return Stream.of(
                row(MAC_CHROME, new ClientInfo("Desktop", "Chrome", "131", "Mac OS", ">=10.15.7", false), false),
                row(IPHONE_SAFARI, new ClientInfo("Mobile", "Safari", "17.5", "iOS", "17.5", false), false),
                row(ANDROID_CHROME, new ClientInfo("Mobile", "Chrome", "131.0.6778.81", "Android", "14", false), false),
                row(IPAD_SAFARI, new ClientInfo("Tablet", "Safari", "17.5", "iOS", "17.5", false), false),
                row(WINDOWS_FIREFOX, new ClientInfo("Desktop", "Firefox", "133.0", "Windows", ">=10", false), false),
                row(WINDOWS_EDGE, new ClientInfo("Desktop", "Edge", "131", "Windows", ">=10", false), false),
                row(ANDROID_TABLET, new ClientInfo("Tablet", "Chrome", "131", "Android", "13", false), false),
                row(CUBOT_PHONE, new ClientInfo("Mobile", "Chrome", "131", "Android", "12", false), false),
                row(PLAYSTATION, new ClientInfo("Console", "Safari", "13.0", "PS5 OS", "2.26", false), false),
                row(SMART_TV, new ClientInfo("TV", "SamsungBrowser", "4.0", "Tizen", "6.0", false), false),
                row(HEADLESS_CHROME, new ClientInfo("Desktop", "Chrome", "131.0.0.0", "Linux", U, false), false),
                row(GOOGLEBOT, new ClientInfo("Bot", "Googlebot", "2.1", "Google Cloud", U, true), true),
                row(GOOGLEBOT_SMARTPHONE, new ClientInfo("Bot", "Googlebot", "2.1", "Android", U, true), true),
                row(FACEBOOK, new ClientInfo("Bot", "Facebookexternalhit", "1.1", U, U, true), true),
                row(SLACK, new ClientInfo("Bot", "Slackbot-LinkExpanding", "1.0", U, U, true), true),
                row(TWITTER, new ClientInfo("Bot", "Twitterbot", "1.0", U, U, true), true),
                // Yauaa sees WhatsApp's link previewer and Skype's as ordinary clients: only the token list catches them.
                row(WHATSAPP, new ClientInfo("Mobile", "WhatsApp", "2.23.20.0", "Android", U, false), true),
                row(SKYPE, new ClientInfo("Desktop", "SkypeUriPreview Preview", "0.5", "Windows", "7", false), true),
                row(SQL_INJECTION, new ClientInfo("Bot", U, U, U, U, true), true),
                // Yauaa calls these robots; we count them as people (see BotDetector).
                row("curl/8.5.0", new ClientInfo(U, "Curl", "8.5.0", U, U, false), false),
                row("Wget/1.21.4", new ClientInfo(U, "Wget", "1.21.4", U, U, false), false),
                row("python-requests/2.32.3", new ClientInfo(U, "Python-Requests", "2.32.3", U, U, false), false),
                row("Java-http-client/21.0.5", new ClientInfo(U, "Java-http-client", "21.0.5", U, U, false), false),
                row("okhttp/4.12.0", new ClientInfo(U, "Okhttp", "4.12.0", U, U, false), false),
                row("wrk/4.2.0", new ClientInfo(U, "WRK", "4.2.0", U, U, false), false),
                row("", ClientInfo.UNKNOWN, false),
                row("   ", ClientInfo.UNKNOWN, false),
                row(null, ClientInfo.UNKNOWN, false));
    }

    private static Arguments row(String ua, ClientInfo expected, boolean finalBotVerdict) {
        return Arguments.of(ua, expected, finalBotVerdict);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("userAgents")
    void parsesUserAgent(String userAgent, ClientInfo expected, boolean finalBotVerdict) {
        ClientInfo info = parser.parse(userAgent);

        assertThat(info).isEqualTo(expected);
        assertThat(detector.isBot(userAgent, info)).as("BotDetector verdict").isEqualTo(finalBotVerdict);
    }

    @Test
    void cachedAndUncachedParsesAgree() {
        assertThat(parser.parse(IPHONE_SAFARI)).isEqualTo(parser.parseUncached(IPHONE_SAFARI));
        assertThat(parser.parse(IPHONE_SAFARI)).isSameAs(parser.parse(IPHONE_SAFARI));
    }

    @Test
    void oversizedUserAgentsAreParsedButNotCached() {
        String huge = MAC_CHROME + " " + "x".repeat(UserAgentParser.MAX_CACHED_LENGTH);
        long before = parser.cachedEntries();

        assertThat(parser.parse(huge)).isNotNull();
        assertThat(parser.parse(huge)).isNotSameAs(parser.parse(huge));
        assertThat(parser.cachedEntries()).isLessThanOrEqualTo(before);
    }

    @Test
    void callersMarkTokenListBotsWithAsBot() {
        ClientInfo whatsApp = parser.parse(WHATSAPP);

        ClientInfo flagged = detector.isBot(WHATSAPP, whatsApp) ? whatsApp.asBot() : whatsApp;

        assertThat(flagged).isEqualTo(new ClientInfo("Bot", "WhatsApp", "2.23.20.0", "Android", U, true));
        assertThat(flagged.asBot()).isSameAs(flagged);
    }

    @Test
    void sharedInstanceIsASingleton() {
        assertThat(UserAgentParser.shared()).isSameAs(parser);
    }

    @Test
    void mapsEveryYauaaDeviceClass() {
        assertThat(UserAgentParser.dubDevice("Phone")).isEqualTo("Mobile");
        assertThat(UserAgentParser.dubDevice("Watch")).isEqualTo("Wearable");
        assertThat(UserAgentParser.dubDevice("Handheld Game Console")).isEqualTo("Console");
        assertThat(UserAgentParser.dubDevice("Set-top box")).isEqualTo("TV");
        assertThat(UserAgentParser.dubDevice("eReader")).isEqualTo("Tablet");
        assertThat(UserAgentParser.dubDevice("Virtual Reality")).isEqualTo("XR");
        assertThat(UserAgentParser.dubDevice("Robot Imitator")).isEqualTo("Bot");
        assertThat(UserAgentParser.dubDevice("Anonymized")).isEqualTo("Unknown");
        assertThat(UserAgentParser.dubDevice("Something Yauaa adds later")).isEqualTo("Unknown");
        assertThat(UserAgentParser.isRobotClass("Spy")).isTrue();
        assertThat(UserAgentParser.isRobotClass("Desktop")).isFalse();
    }

    /** Not an assertion: prints numbers so start-up and throughput regressions are visible in build logs. */
    @Test
    void printsThroughput() {
        String[] uas = userAgents()
                .map(a -> (String) a.get()[0])
                .filter(ua -> ua != null && !ua.isBlank())
                .toArray(String[]::new);

        // Warm the JIT on both paths before timing.
        for (int i = 0; i < 500; i++) {
            parser.parseUncached(uas[i % uas.length]);
            parser.parse(uas[i % uas.length]);
        }

        int uncachedRuns = 3_000;
        long start = System.nanoTime();
        for (int i = 0; i < uncachedRuns; i++) {
            parser.parseUncached(uas[i % uas.length]);
        }
        double uncachedPerSecond = uncachedRuns / ((System.nanoTime() - start) / 1e9);

        int cachedRuns = 1_000_000;
        start = System.nanoTime();
        for (int i = 0; i < cachedRuns; i++) {
            parser.parse(uas[i % uas.length]);
        }
        double cachedPerSecond = cachedRuns / ((System.nanoTime() - start) / 1e9);

        BotDetector bots = new BotDetector();
        ClientInfo human = parser.parse(MAC_CHROME);
        int detectorRuns = 1_000_000;
        int hits = 0;
        start = System.nanoTime();
        for (int i = 0; i < detectorRuns; i++) {
            hits += bots.isBot(uas[i % uas.length], human) ? 1 : 0;
        }
        double detectorPerSecond = detectorRuns / ((System.nanoTime() - start) / 1e9);

        System.out.printf("[enrich] UA parse uncached: %,.0f/s, cached: %,.0f/s; BotDetector token scan: %,.0f/s (%d hits)%n",
                uncachedPerSecond, cachedPerSecond, detectorPerSecond, hits);
    }
}
