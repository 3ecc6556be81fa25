package dev.referly.programs;

import dev.referly.shared.ApiException;
import dev.referly.shared.WebFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A partner body (POST /partners, PATCH /partners/{id}), checked field by field. Only the keys
 * the body names are present, so the same parse serves create and PATCH; unknown keys are
 * ignored, as Dub's API strips them. Values are normalised: emails lower-case, countries upper-case.
 */
public record PartnerInput(Map<String, Object> values) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._~-]+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    static final int MAX_NAME = 190;
    static final int MAX_USERNAME = 100;
    static final int MAX_DESCRIPTION = 5_000;
    static final int MAX_URL = 2_000;

    public PartnerInput {
        values = Collections.unmodifiableMap(values);
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }

    public String text(String field) {
        return (String) values.get(field);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> linkProps() {
        Object props = values.get("linkProps");
        return props == null ? Map.of() : (Map<String, Object>) props;
    }

    public Boolean groupMoveDisabled() {
        return (Boolean) values.get("groupMoveDisabled");
    }

    public PartnerStatus status() {
        return (PartnerStatus) values.get("status");
    }

    @SuppressWarnings("unchecked")
    public static PartnerInput parse(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String field = e.getKey();
            Object v = e.getValue();
            switch (field) {
                case "name" -> out.put(field, v == null ? null : text(field, v, MAX_NAME));
                case "email" -> out.put(field, v == null ? null : email(v));
                case "username" -> out.put(field, v == null ? null : username(v));
                case "image" -> out.put(field, v == null || "".equals(v) ? null : url(field, v));
                case "country" -> out.put(field, v == null ? null : country(v));
                case "description" -> out.put(field, v == null || "".equals(v) ? null : text(field, v, MAX_DESCRIPTION));
                case "tenantId" -> out.put(field, v == null ? null : text(field, v, MAX_NAME));
                case "groupId" -> {
                    if (v != null) {
                        out.put(field, text(field, v, MAX_NAME));
                    }
                }
                case "linkProps" -> {
                    if (v != null && !(v instanceof Map<?, ?>)) {
                        throw ApiException.invalid(field, "must be an object of link properties");
                    }
                    out.put(field, v == null ? null : new LinkedHashMap<>((Map<String, Object>) v));
                }
                case "groupMoveDisabled" -> {
                    if (!(v instanceof Boolean)) {
                        throw ApiException.invalid(field, "must be a boolean");
                    }
                    out.put(field, v);
                }
                case "status" -> out.put(field, PartnerStatus.parse(field, v));
                default -> { } // read-only and unknown keys are ignored
            }
        }
        return new PartnerInput(out);
    }

    static String text(String field, Object value, int max) {
        if (!(value instanceof String s)) {
            throw ApiException.invalid(field, "must be a string");
        }
        String t = s.strip();
        if (t.isEmpty()) {
            throw ApiException.invalid(field, "must not be empty");
        }
        if (t.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return t;
    }

    private static String email(Object value) {
        String e = text("email", value, MAX_NAME).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(e).matches()) {
            throw ApiException.invalid("email", "must be an email address");
        }
        return e;
    }

    private static String username(Object value) {
        String u = text("username", value, MAX_USERNAME);
        if (!USERNAME.matcher(u).matches()) {
            throw ApiException.invalid("username", "may contain letters, digits and . _ ~ - only");
        }
        return u;
    }

    private static String country(Object value) {
        if (!(value instanceof String s) || !COUNTRIES.contains(s.strip().toUpperCase(Locale.ROOT))) {
            throw ApiException.invalid("country", "must be an ISO 3166-1 alpha-2 country code such as US or GB");
        }
        return s.strip().toUpperCase(Locale.ROOT);
    }

    /** Absolute http(s) URLs only: javascript:, data: and friends are refused. */
    static String url(String field, Object value) {
        return WebFields.requireHttpUrl(field, text(field, value, MAX_URL));
    }
}
