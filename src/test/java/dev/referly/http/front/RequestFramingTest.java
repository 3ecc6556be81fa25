package dev.referly.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the front takes a forwarded request to end; anything two parsers could read differently is refused. */
class RequestFramingTest {
    private static RequestFraming framing(String headers) {
        byte[] b = ("POST /links HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return RequestFraming.of(b, 0, RequestHead.end(b, 0, b.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",
        "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: +5\r\n",
        "Content-Length: 5, 5\r\n",
        "Content-Length: 0x10\r\n",
        "Content-Length: 99999999999999999999\r\n",
        "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked, gzip\r\n",
        "X-A: 1\r\n folded\r\n",
        "Content-Length : 5\r\n",
        "no colon here\r\n",
    })
    void ambiguousFramingIsRefused(String headers) {
        assertThat(framing(headers).refused()).as(headers).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Content-Length: 12\\r\\n | 12 | false | false",
        "Content-Length: 12\\r\\nContent-Length: 12\\r\\n | 12 | false | false",
        "Transfer-Encoding: chunked\\r\\n | 0 | true | false",
        "transfer-encoding: gzip, Chunked\\r\\n | 0 | true | false",
        "Connection: keep-alive, Close\\r\\n | 0 | false | true",
        "X-Nothing: 1\\r\\n | 0 | false | false",
    })
    void framingIsRead(String headers, long length, boolean chunked, boolean closes) {
        RequestFraming f = framing(headers.replace("\\r\\n", "\r\n").strip() + "\r\n");
        assertThat(f.refused()).isFalse();
        assertThat(f.contentLength()).isEqualTo(length);
        assertThat(f.chunked()).isEqualTo(chunked);
        assertThat(f.closes()).isEqualTo(closes);
    }

    @ParameterizedTest
    @CsvSource({"HTTP/1.0,,true", "HTTP/1.0,keep-alive,false", "HTTP/1.1,,false", "HTTP/1.1,close,true"})
    void http10ClosesUnlessAskedToKeepAlive(String version, String connection, boolean closes) {
        String head = "GET / " + version + "\r\nHost: x\r\n" + (connection == null ? "" : "Connection: " + connection + "\r\n")
                + "\r\n";
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestFraming.of(b, 0, b.length).closes()).isEqualTo(closes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\r\nHost: x\n\r\n", "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n"})
    void bareLineFeedsAndOtherVersionsAreRefused(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestFraming.of(b, 0, RequestHead.end(b, 0, b.length)).refused()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0", "1a|26", "FF;ext=1|255", "10 |16", "fffffffffffffff|1152921504606846975",
        "ffffffffffffffff|-1", "|-1", "x|-1", "-1|-1", "1x|-1"})
    void chunkSizesAreHexWithOptionalExtensions(String line, long size) {
        byte[] b = (line == null ? "" : line).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestForwarder.chunkSize(b, 0, b.length)).as(line).isEqualTo(size);
    }
}
