package dev.referly.links;

import dev.referly.shared.ApiException;
import dev.referly.shared.Timestamps;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A client's link body, checked field by field. Only the fields the body names are present,
 * so the same parse serves create (with defaults) and PATCH (changes only what was sent).
 */
public record LinkInput(EnumMap<LinkField, Object> fields, String keyPrefix) {

    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{N}._~\\-/]+");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    static final int MAX_KEY_LENGTH = 190;
    private static final int MAX_URL_LENGTH = 32_000;
    private static final int MAX_TEXT_LENGTH = 2_000;
    /**
     * External ids are indexed: at up to three UTF-8 bytes a character, 255 stay well inside
     * PostgreSQL's index row limit (about 2,700 bytes), which 2,000 did not.
     */
    private static final int MAX_EXTERNAL_ID_LENGTH = 255;

    /** First path segments the server itself answers: a short link there could never be reached. */
    static final Set<String> RESERVED_KEYS = Set.of("links", "events", "analytics", "track", "customers",
            "partners", "commissions", "payouts", "program", "programs", "groups", "webhooks", "tokens",
            "integrations", "healthz", "metrics", "dashboard", "embed", "_", "qr", "credits", "referrals",
            "audit-log", "api", "workspace", "favicon.ico", "robots.txt", "domains", "tags", "folders",
            "publishable-keys");

    /** Whether a path's first segment belongs to the server's own API and pages rather than to short links. */
    public static boolean isReservedFirstSegment(String segment) {
        return RESERVED_KEYS.contains(segment);
    }

    /** Body keys Dub's API accepts that Referly does not store yet: refused rather than dropped. */
    private static final Set<String> UNSUPPORTED_LISTS = Set.of("tagIds", "tagNames", "webhookIds", "testVariants");

    public boolean has(LinkField field) {
        return fields.containsKey(field);
    }

    public Object get(LinkField field) {
        return fields.get(field);
    }

    public static LinkInput parse(Map<String, Object> body) {
        EnumMap<LinkField, Object> fields = new EnumMap<>(LinkField.class);
        Map<String, LinkField> byName = new LinkedHashMap<>();
        for (LinkField f : LinkField.values()) {
            byName.put(f.apiName(), f);
        }
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String name = entry.getKey();
            if (UNSUPPORTED_LISTS.contains(name)) {
                if (isEmptyValue(entry.getValue())) {
                    continue;
                }
                throw ApiException.invalid(name, "is not supported by this server yet");
            }
            LinkField field = byName.get(name);
            if (field == null || !field.writable()) {
                continue; // read-only and unknown keys are ignored, as Dub's API strips them
            }
            fields.put(field, convert(field, entry.getValue()));
        }
        Object prefix = body.get("prefix");
        String keyPrefix = null;
        if (prefix != null) {
            if (!(prefix instanceof String p)) {
                throw ApiException.invalid("prefix", "must be a string");
            }
            keyPrefix = p.strip().replaceAll("^/+|/+$", "");
            if (!keyPrefix.isEmpty()) {
                checkKey("prefix", keyPrefix);
            } else {
                keyPrefix = null;
            }
        }
        if (fields.get(LinkField.DOMAIN) instanceof String d) {
            fields.put(LinkField.DOMAIN, checkDomain(d));
        }
        if (fields.get(LinkField.KEY) instanceof String k) {
            fields.put(LinkField.KEY, checkKey("key", k));
        } else if (fields.containsKey(LinkField.KEY)) {
            fields.remove(LinkField.KEY); // key: null means "pick one for me"
        }
        for (LinkField never : new LinkField[] {LinkField.URL, LinkField.DOMAIN}) {
            if (fields.containsKey(never) && fields.get(never) == null) {
                throw ApiException.invalid(never.apiName(), "must not be null");
            }
        }
        return new LinkInput(fields, keyPrefix);
    }

    private static boolean isEmptyValue(Object value) {
        return value == null || (value instanceof Collection<?> c && c.isEmpty()) || "".equals(value);
    }

    private static Object convert(LinkField field, Object value) {
        String name = field.apiName();
        return switch (field.kind()) {
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                throw ApiException.invalid(name, "must be a boolean");
            }
            case TEXT -> {
                if (value == null) {
                    yield null;
                }
                if (!(value instanceof String s)) {
                    throw ApiException.invalid(name, "must be a string");
                }
                int max = field == LinkField.EXTERNAL_ID ? MAX_EXTERNAL_ID_LENGTH : MAX_TEXT_LENGTH;
                if (s.length() > max) {
                    throw ApiException.invalid(name, "must be at most " + max + " characters");
                }
                yield s.isEmpty() && field != LinkField.KEY ? null : s;
            }
            case URL -> value == null || "".equals(value) ? null : checkUrl(name, value);
            case INSTANT -> {
                if (value == null || "".equals(value)) {
                    yield null;
                }
                if (!(value instanceof String s)) {
                    throw ApiException.invalid(name, "must be an ISO-8601 date-time string");
                }
                yield Timestamps.parse(name, s);
            }
            case URL_MAP -> {
                if (value == null) {
                    yield null;
                }
                if (!(value instanceof Map<?, ?> map)) {
                    throw ApiException.invalid(name, "must be an object of country code to URL");
                }
                Map<String, String> checked = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String country = String.valueOf(e.getKey()).toUpperCase(Locale.ROOT);
                    if (!country.matches("[A-Z]{2}")) {
                        throw ApiException.invalid(name, "keys must be two-letter country codes");
                    }
                    checked.put(country, checkUrl(name + "." + country, e.getValue()));
                }
                yield checked;
            }
            case COUNT -> throw new IllegalStateException("counters are read-only: " + name);
        };
    }

    /** Destinations must be absolute http(s) URLs: javascript:, data: and friends are refused. */
    static String checkUrl(String field, Object value) {
        if (!(value instanceof String s)) {
            throw ApiException.invalid(field, "must be a string URL");
        }
        String url = s.strip();
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.invalid(field, "must be at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ApiException.invalid(field, "must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw ApiException.invalid(field, "must be an absolute URL with a host");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field, "is not a valid URL");
        }
        return url;
    }

    static String checkDomain(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
            throw ApiException.invalid("domain", "must be a host name, optionally with a port");
        }
        return d;
    }

    static String checkKey(String field, String key) {
        String k = key.strip();
        if (k.startsWith("/")) {
            k = k.substring(1);
        }
        if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(field, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (!KEY.matcher(k).matches() || k.endsWith("/") || k.contains("//")) {
            throw ApiException.invalid(field, "may contain letters, digits and - _ . ~ / only");
        }
        for (String segment : k.split("/")) {
            // Browsers and proxies resolve dot segments before sending: such a key could never be reached.
            if (segment.equals(".") || segment.equals("..")) {
                throw ApiException.invalid(field, "must not contain '.' or '..' as a path segment");
            }
        }
        String firstSegment = k.split("/", 2)[0].toLowerCase(Locale.ROOT);
        if (RESERVED_KEYS.contains(firstSegment)) {
            throw ApiException.invalid(field, "'" + firstSegment + "' is reserved by the server");
        }
        return k;
    }
}
