package dev.referly.shared;

/**
 * NUL characters in request input. PostgreSQL text cannot hold them (a query binding one fails),
 * so they are refused at the edge on both stores alike, before any lookup or write.
 */
public final class NulCharacters {
    private NulCharacters() {}

    public static boolean in(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** A raw (still percent-encoded) query string that decodes to text holding a NUL. */
    public static boolean inQuery(String rawQuery) {
        return rawQuery != null && (rawQuery.contains("%00") || rawQuery.indexOf('\0') >= 0);
    }
}
