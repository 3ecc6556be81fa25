package dev.referly.links;

/**
 * Every stored attribute of a link: its name in Dub's API, its column, how it is typed and
 * whether a client may set it. One table drives parsing, storage and the JSON shape, so a
 * new attribute is one line here (plus its migration).
 */
public enum LinkField {
    ID("id", "id", Kind.TEXT, false),
    WORKSPACE_ID("workspaceId", "workspace_id", Kind.TEXT, false),
    DOMAIN("domain", "domain", Kind.TEXT, true),
    KEY("key", "link_key", Kind.TEXT, true),
    URL("url", "url", Kind.URL, true),
    TRACK_CONVERSION("trackConversion", "track_conversion", Kind.BOOLEAN, true),
    EXTERNAL_ID("externalId", "external_id", Kind.TEXT, true),
    TENANT_ID("tenantId", "tenant_id", Kind.TEXT, true),
    PROGRAM_ID("programId", "program_id", Kind.TEXT, true),
    PARTNER_ID("partnerId", "partner_id", Kind.TEXT, true),
    ARCHIVED("archived", "archived", Kind.BOOLEAN, true),
    EXPIRES_AT("expiresAt", "expires_at", Kind.INSTANT, true),
    EXPIRED_URL("expiredUrl", "expired_url", Kind.URL, true),
    DISABLED_AT("disabledAt", "disabled_at", Kind.INSTANT, true),
    PASSWORD("password", "password", Kind.TEXT, true),
    PROXY("proxy", "proxy", Kind.BOOLEAN, true),
    TITLE("title", "title", Kind.TEXT, true),
    DESCRIPTION("description", "description", Kind.TEXT, true),
    IMAGE("image", "image", Kind.URL, true),
    VIDEO("video", "video", Kind.TEXT, true),
    REWRITE("rewrite", "rewrite", Kind.BOOLEAN, true),
    DO_INDEX("doIndex", "do_index", Kind.BOOLEAN, true),
    IOS("ios", "ios", Kind.URL, true),
    ANDROID("android", "android", Kind.URL, true),
    GEO("geo", "geo", Kind.URL_MAP, true),
    PUBLIC_STATS("publicStats", "public_stats", Kind.BOOLEAN, true),
    FOLDER_ID("folderId", "folder_id", Kind.TEXT, true),
    COMMENTS("comments", "comments", Kind.TEXT, true),
    UTM_SOURCE("utm_source", "utm_source", Kind.TEXT, true),
    UTM_MEDIUM("utm_medium", "utm_medium", Kind.TEXT, true),
    UTM_CAMPAIGN("utm_campaign", "utm_campaign", Kind.TEXT, true),
    UTM_TERM("utm_term", "utm_term", Kind.TEXT, true),
    UTM_CONTENT("utm_content", "utm_content", Kind.TEXT, true),
    USER_ID("userId", "user_id", Kind.TEXT, false),
    CLICKS("clicks", "clicks", Kind.COUNT, false),
    LEADS("leads", "leads", Kind.COUNT, false),
    CONVERSIONS("conversions", "conversions", Kind.COUNT, false),
    SALES("sales", "sales", Kind.COUNT, false),
    SALE_AMOUNT("saleAmount", "sale_amount", Kind.COUNT, false),
    LAST_CLICKED("lastClicked", "last_clicked", Kind.INSTANT, false),
    CREATED_AT("createdAt", "created_at", Kind.INSTANT, false),
    UPDATED_AT("updatedAt", "updated_at", Kind.INSTANT, false);

    /** How a value is typed: in the API (left) and in the database (right). */
    public enum Kind {
        TEXT, // string | null  <->  TEXT
        URL, // http(s) URL string | null  <->  TEXT
        BOOLEAN, // boolean  <->  BOOLEAN
        INSTANT, // ISO-8601 string | null  <->  epoch millis BIGINT
        COUNT, // integer  <->  BIGINT
        URL_MAP // {country: url} | null  <->  JSON TEXT
    }

    private final String apiName;
    private final String column;
    private final Kind kind;
    private final boolean writable;

    LinkField(String apiName, String column, Kind kind, boolean writable) {
        this.apiName = apiName;
        this.column = column;
        this.kind = kind;
        this.writable = writable;
    }

    public String apiName() {
        return apiName;
    }

    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    public boolean writable() {
        return writable;
    }

    public static final java.util.List<LinkField> UTM =
            java.util.List.of(UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT);
}
