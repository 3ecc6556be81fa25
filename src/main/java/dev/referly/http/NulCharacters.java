package dev.referly.http;

/**
 * NUL characters in request input. PostgreSQL text cannot hold them (a query binding one fails),
 * so they are refused at the edge on both stores alike, before any lookup or write.
 */
final class NulCharacters {
    private NulCharacters() {}

    static boolean in(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** A raw (still percent-encoded) query string that decodes to text holding a NUL. */
    static boolean inQuery(String rawQuery) {
        return rawQuery != null && (rawQuery.contains("%00") || rawQuery.indexOf('\0') >= 0);
    }
}
