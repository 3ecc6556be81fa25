package dev.referly.http.front;

import java.nio.charset.StandardCharsets;

/**
 * Where a request passed on to Helidon ends, read from its head: its body's length or chunking,
 * and whether the connection closes after it. The front and Helidon must agree on every
 * request's end, or bytes one of them takes for a body the other runs as a request; so
 * anything ambiguous (both Content-Length and Transfer-Encoding, two lengths, a folded header,
 * a bare LF) is refused here rather than passed on.
 */
record RequestFraming(long contentLength, boolean chunked, boolean closes, String problem) {
    private static RequestFraming refused(String problem) {
        return new RequestFraming(0, false, true, problem);
    }

    boolean refused() {
        return problem != null;
    }

    /** Reads the head in {@code b[from, end)}, {@code end} as found by {@link RequestHead#end}. */
    static RequestFraming of(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n' && (i == from || b[i - 1] != '\r')) {
                return refused("Request lines must end with CRLF.");
            }
        }
        int lineEnd = indexOf(b, from, end, '\r');
        String requestLine = new String(b, from, lineEnd - from, StandardCharsets.ISO_8859_1);
        boolean http10 = requestLine.endsWith(" HTTP/1.0");
        if (!http10 && !requestLine.endsWith(" HTTP/1.1")) {
            return refused("Only HTTP/1.0 and HTTP/1.1 are served.");
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean transferEncoding = false;
        boolean close = false;
        boolean keepAlive = false;
        int pos = lineEnd + 2;
        while (pos < end) {
            int stop = indexOf(b, pos, end, '\r');
            if (stop == pos) {
                break; // the blank line
            }
            if (b[pos] == ' ' || b[pos] == '\t') {
                return refused("Folded header lines are not accepted.");
            }
            int colon = indexOf(b, pos, stop, ':');
            if (colon <= pos || colon == stop || b[colon - 1] == ' ' || b[colon - 1] == '\t') {
                return refused("Malformed header line.");
            }
            String name = new String(b, pos, colon - pos, StandardCharsets.ISO_8859_1);
            String value = new String(b, colon + 1, stop - colon - 1, StandardCharsets.ISO_8859_1).strip();
            if (name.equalsIgnoreCase("content-length")) {
                long length = length(value);
                if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                    return refused("Invalid Content-Length.");
                }
                contentLength = length;
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                transferEncoding = true;
                String[] codings = value.split(",");
                chunked = codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                for (String option : value.split(",")) {
                    close |= option.strip().equalsIgnoreCase("close");
                    keepAlive |= option.strip().equalsIgnoreCase("keep-alive");
                }
            }
            pos = stop + 2;
        }
        if (transferEncoding && contentLength >= 0) {
            return refused("Content-Length and Transfer-Encoding must not be combined.");
        }
        if (transferEncoding && !chunked) {
            return refused("The final Transfer-Encoding of a request must be chunked.");
        }
        return new RequestFraming(Math.max(contentLength, 0), chunked, close || (http10 && !keepAlive), null);
    }

    /** The value as a non-negative length, or -1 when it is not digits only (or does not fit a long). */
    private static long length(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }
}
