package dev.referly.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHeadTest {
    private static RequestHead parse(String text) {
        byte[] b = text.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int end = RequestHead.end(b, 0, b.length);
        return end < 0 ? null : RequestHead.parse(b, 0, end);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // request; path; query; keep-alive; needs the API server
            "GET /abc HTTP/1.1|Host: x||; /abc; ; true; false",
            "GET /abc?utm_source=a&b HTTP/1.1|Host: x||; /abc; utm_source=a&b; true; false",
            "HEAD / HTTP/1.1||; /; ; true; false",
            "GET /abc HTTP/1.0||; /abc; ; false; false",
            "GET /abc HTTP/1.0|Connection: keep-alive||; /abc; ; true; false",
            "GET /abc HTTP/1.1|connection: Close||; /abc; ; false; false",
            "GET /abc HTTP/1.1|Content-Length: 0||; /abc; ; true; false",
            "GET /abc HTTP/1.1|Content-Length: 5||; /abc; ; true; true",
            "GET /abc HTTP/1.1|Transfer-Encoding: chunked||; /abc; ; true; true",
            "GET /abc HTTP/1.1|Upgrade: websocket|Connection: Upgrade||; /abc; ; true; true",
            "GET /abc HTTP/1.1|Expect: 100-continue||; /abc; ; true; true",
    })
    void readsTheRequestLineAndWhatDecidesWhoAnswers(String request, String path, String query, boolean keepAlive,
            boolean needsBackend) {
        RequestHead head = parse(request);
        assertThat(head).isNotNull();
        assertThat(head.rawPath).isEqualTo(path);
        assertThat(head.rawQuery).isEqualTo(query == null ? "" : query);
        assertThat(head.keepAlive()).isEqualTo(keepAlive);
        assertThat(head.needsBackend).isEqualTo(needsBackend);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "POST /abc HTTP/1.1||",
            "OPTIONS * HTTP/1.1||",
            "GET http://x/abc HTTP/1.1||",
            "GET /abc HTTP/2.0||",
            "GET /abc HTTP/1.1 extra||",
            "GET  /abc HTTP/1.1||",
            "GET /abc#frag HTTP/1.1||",
            "GET /abc HTTP/1.1|Host : x||",
            "GET /abc HTTP/1.1|Host: x| folded||",
            "GET /abc HTTP/1.1|no colon||",
    })
    void leavesEverythingElseToTheApiServer(String request) {
        assertThat(parse(request)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "GET /a HTTP/1.1|Host: Go.Example.com|User-Agent:  curl/8 |Referer: https://t.co/x|X-Forwarded-For: 1.2.3.4, 5.6.7.8|X-Forwarded-Proto: https|DUB-NO-TRACK: 1||; Go.Example.com; curl/8; https://t.co/x; '1.2.3.4, 5.6.7.8'; https; true",
            "GET /a HTTP/1.1|Host: a|Host: b||; a; ; ; ; ; false",
    })
    void readsTheHeadersTheRedirectUses(String request, String host, String ua, String referer, String forwardedFor,
            String proto, boolean noTrack) {
        RequestHead head = parse(request);
        assertThat(head.host).isEqualTo(host);
        assertThat(head.userAgent).isEqualTo(ua);
        assertThat(head.referer).isEqualTo(referer);
        assertThat(head.forwardedFor).isEqualTo(forwardedFor);
        assertThat(head.forwardedProto).isEqualTo(proto);
        assertThat(head.noTrack).isEqualTo(noTrack);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"GET / HTTP/1.1|Host: x|; -1", "GET / HTTP/1.1|Host: x||; 27",
            "GET / HTTP/1.1~Host: x~~; 24"})
    void findsTheEndOfTheHead(String text, int end) {
        byte[] b = text.replace("|", "\r\n").replace("~", "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestHead.end(b, 0, b.length)).isEqualTo(end);
    }
}
