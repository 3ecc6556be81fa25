package dev.referly.http.front;

import java.nio.charset.StandardCharsets;

/**
 * The request line and the few headers the redirect front reads, parsed straight from the
 * bytes received. Anything it does not understand makes {@link #parse} return null, and the
 * connection goes to Helidon, which answers it properly.
 */
final class RequestHead {
    String method;
    String rawPath;
    String rawQuery;
    boolean http10;
    String host;
    String userAgent;
    String referer;
    String forwardedFor;
    String forwardedProto;
    boolean noTrack;
    boolean connectionClose;
    boolean connectionKeepAlive;
    /** A body, an upgrade or an expectation: the front answers none of these itself. */
    boolean needsBackend;

    boolean head() {
        return "HEAD".equals(method);
    }

    /** Whether the connection stays open after this request's answer. */
    boolean keepAlive() {
        return http10 ? connectionKeepAlive : !connectionClose;
    }

    /** The index just past the blank line ending the head that starts at {@code from}, or -1 when it has not all arrived. */
    static int end(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (i + 1 < to && b[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** Parses the head in {@code b[from, end)}; null when it is malformed or not a plain HTTP/1.x GET or HEAD. */
    static RequestHead parse(byte[] b, int from, int end) {
        int lineEnd = lineEnd(b, from, end);
        if (lineEnd < 0) {
            return null;
        }
        RequestHead h = new RequestHead();
        if (!h.requestLine(b, from, trimCr(b, from, lineEnd))) {
            return null;
        }
        int pos = lineEnd + 1;
        while (pos < end) {
            int next = lineEnd(b, pos, end);
            if (next < 0) {
                return null;
            }
            int stop = trimCr(b, pos, next);
            if (stop == pos) {
                return h; // the blank line
            }
            if (!h.header(b, pos, stop)) {
                return null;
            }
            pos = next + 1;
        }
        return null;
    }

    private boolean requestLine(byte[] b, int from, int to) {
        int sp1 = indexOf(b, from, to, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, to, (byte) ' ');
        if (sp2 < 0 || indexOf(b, sp2 + 1, to, (byte) ' ') >= 0) {
            return false;
        }
        method = ascii(b, from, sp1);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String version = ascii(b, sp2 + 1, to);
        if (version.equals("HTTP/1.0")) {
            http10 = true;
        } else if (!version.equals("HTTP/1.1")) {
            return false;
        }
        if (sp2 - sp1 < 2 || b[sp1 + 1] != '/') {
            return false; // absolute-form and asterisk-form targets are Helidon's to judge
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (b[i] < 0x21 || b[i] == 0x7f) {
                return false;
            }
        }
        int q = indexOf(b, sp1 + 1, sp2, (byte) '?');
        int pathEnd = q < 0 ? sp2 : q;
        int hash = indexOf(b, sp1 + 1, sp2, (byte) '#');
        if (hash >= 0) {
            return false;
        }
        rawPath = ascii(b, sp1 + 1, pathEnd);
        rawQuery = q < 0 ? "" : ascii(b, q + 1, sp2);
        return true;
    }

    private boolean header(byte[] b, int from, int to) {
        int colon = indexOf(b, from, to, (byte) ':');
        if (colon <= from || b[from] == ' ' || b[from] == '\t' || b[colon - 1] == ' ' || b[colon - 1] == '\t') {
            return false; // no name, obsolete line folding, or whitespace before the colon
        }
        int valueFrom = colon + 1;
        int valueTo = to;
        while (valueFrom < valueTo && (b[valueFrom] == ' ' || b[valueFrom] == '\t')) {
            valueFrom++;
        }
        while (valueTo > valueFrom && (b[valueTo - 1] == ' ' || b[valueTo - 1] == '\t')) {
            valueTo--;
        }
        int nameLength = colon - from;
        switch (nameLength) {
            case 4 -> {
                if (named(b, from, "host") && host == null) {
                    host = latin1(b, valueFrom, valueTo);
                }
            }
            case 6 -> {
                if (named(b, from, "expect")) {
                    needsBackend = true;
                }
            }
            case 7 -> {
                if (named(b, from, "referer") && referer == null) {
                    referer = latin1(b, valueFrom, valueTo);
                } else if (named(b, from, "upgrade")) {
                    needsBackend = true;
                }
            }
            case 10 -> {
                if (named(b, from, "user-agent") && userAgent == null) {
                    userAgent = latin1(b, valueFrom, valueTo);
                } else if (named(b, from, "connection")) {
                    connection(latin1(b, valueFrom, valueTo));
                }
            }
            case 12 -> {
                if (named(b, from, "dub-no-track")) {
                    noTrack = true;
                }
            }
            case 14 -> {
                if (named(b, from, "content-length") && !(valueTo - valueFrom == 1 && b[valueFrom] == '0')) {
                    needsBackend = true;
                }
            }
            case 15 -> {
                if (named(b, from, "x-forwarded-for") && forwardedFor == null) {
                    forwardedFor = latin1(b, valueFrom, valueTo);
                }
            }
            case 17 -> {
                if (named(b, from, "x-forwarded-proto") && forwardedProto == null) {
                    forwardedProto = latin1(b, valueFrom, valueTo);
                } else if (named(b, from, "transfer-encoding")) {
                    needsBackend = true;
                }
            }
            default -> { }
        }
        return true;
    }

    private void connection(String value) {
        for (String option : value.split(",")) {
            String o = option.strip();
            if (o.equalsIgnoreCase("close")) {
                connectionClose = true;
            } else if (o.equalsIgnoreCase("keep-alive")) {
                connectionKeepAlive = true;
            } else if (o.equalsIgnoreCase("upgrade")) {
                needsBackend = true;
            }
        }
    }

    private static boolean named(byte[] b, int from, String lowerName) {
        for (int i = 0; i < lowerName.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] b, int from, int to) {
        return indexOf(b, from, to, (byte) '\n');
    }

    private static int trimCr(byte[] b, int from, int lineEnd) {
        return lineEnd > from && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
