package dev.referly.shared;

/** The page/pageSize pair every list endpoint takes, checked the same way everywhere. */
public final class Paging {
    private Paging() {}

    public static void check(int page, int pageSize, int maxPageSize) {
        if (page < 1) {
            throw ApiException.invalid("page", "must be 1 or more");
        }
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw ApiException.invalid("pageSize", "must be between 1 and " + maxPageSize);
        }
    }

    /** The rows before {@code page}, in 64 bits: (page - 1) * pageSize overflows an int near the last page. */
    public static long offset(int page, int pageSize) {
        return (long) (page - 1) * pageSize;
    }
}
