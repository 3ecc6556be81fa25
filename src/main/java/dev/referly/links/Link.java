package dev.referly.links;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A stored link: one value per {@link LinkField}, absent values are null. */
public final class Link {
    private final EnumMap<LinkField, Object> values;

    Link(EnumMap<LinkField, Object> values) {
        this.values = values;
    }

    public Object get(LinkField field) {
        return values.get(field);
    }

    public Map<LinkField, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public String id() {
        return (String) values.get(LinkField.ID);
    }

    public String workspaceId() {
        return (String) values.get(LinkField.WORKSPACE_ID);
    }

    public String domain() {
        return (String) values.get(LinkField.DOMAIN);
    }

    public String key() {
        return (String) values.get(LinkField.KEY);
    }

    public String url() {
        return (String) values.get(LinkField.URL);
    }

    public String partnerId() {
        return (String) values.get(LinkField.PARTNER_ID);
    }

    public boolean trackConversion() {
        return Boolean.TRUE.equals(values.get(LinkField.TRACK_CONVERSION));
    }

    public Long expiresAt() {
        return (Long) values.get(LinkField.EXPIRES_AT);
    }

    public String expiredUrl() {
        return (String) values.get(LinkField.EXPIRED_URL);
    }

    public Long disabledAt() {
        return (Long) values.get(LinkField.DISABLED_AT);
    }

    EnumMap<LinkField, Object> copyValues() {
        return new EnumMap<>(values);
    }
}
