package dev.referly.http.front;

import dev.referly.redirect.RedirectAnswer;
import dev.referly.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** An answer encoded as HTTP/1.1 response bytes. */
final class ResponseBytes {
    private record DateLine(long second, String line) {}

    private static volatile DateLine date = new DateLine(-1, "");

    private ResponseBytes() {}

    static byte[] encode(RedirectAnswer answer, boolean head, boolean keepAlive, boolean http10) {
        StringBuilder s = new StringBuilder(256);
        s.append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n");
        s.append(dateLine());
        if (answer.location() != null) {
            s.append("Location: ").append(answer.location()).append("\r\n");
        }
        if (answer.linkFound()) {
            s.append("Cache-Control: private, no-store\r\nX-Robots-Tag: noindex\r\n");
        }
        if (answer.setCookie() != null) {
            s.append("Set-Cookie: ").append(answer.setCookie()).append("\r\n");
        }
        if (answer.retryLater()) {
            s.append("Retry-After: 1\r\n");
        }
        byte[] body = answer.body();
        if (answer.text() != null) {
            s.append("Content-Type: text/plain; charset=utf-8\r\n");
        }
        s.append("Content-Length: ").append(body.length).append("\r\n");
        if (!keepAlive) {
            s.append("Connection: close\r\n");
        } else if (http10) {
            s.append("Connection: keep-alive\r\n");
        }
        s.append("\r\n");
        byte[] headBytes = s.toString().getBytes(StandardCharsets.UTF_8);
        if (head || body.length == 0) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /**
     * The front's own refusal of a request, in the API's error shape; the connection closes
     * after it, since what follows the refused request cannot be framed.
     */
    static byte[] refusal(ErrorCode code, String message) {
        byte[] body = ("{\"error\":{\"code\":\"" + code.code() + "\",\"message\":\"" + jsonText(message)
                + "\",\"doc_url\":\"" + code.docUrl() + "\"}}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + code.status() + " " + reason(code.status()) + "\r\n" + dateLine()
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static String jsonText(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Formatting a date costs more than the rest of the response, so it is done once a second. */
    private static String dateLine() {
        long second = System.currentTimeMillis() / 1000;
        DateLine current = date;
        if (current.second() != second) {
            current = new DateLine(second, "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)) + "\r\n");
            date = current;
        }
        return current.line();
    }

    private static String reason(int status) {
        return switch (status) {
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 410 -> "Gone";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
