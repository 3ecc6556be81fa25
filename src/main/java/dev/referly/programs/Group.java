package dev.referly.programs;

import dev.referly.shared.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner group: the partners in it share its rewards, discount, holding period and link
 * settings. linkStructure is Dub's: short (refer.ly/ada), query (acme.com?via=ada) or path
 * (acme.com/refer/ada).
 */
public record Group(String id, String workspaceId, String programId, String name, String slug, String color,
        int holdingPeriodDays, String linkDomain, String linkUrl, String linkStructure, Integer maxPartnerLinks,
        long createdAt, long updatedAt) {

    /** The group's own fields in the API's shape (no rewards, discount or rules). */
    public Map<String, Object> toApi() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("programId", programId);
        json.put("name", name);
        json.put("slug", slug);
        json.put("color", color);
        json.put("holdingPeriodDays", holdingPeriodDays);
        json.put("linkDomain", linkDomain);
        json.put("linkUrl", linkUrl);
        json.put("linkStructure", linkStructure);
        json.put("maxPartnerLinks", maxPartnerLinks);
        json.put("createdAt", Timestamps.iso(createdAt));
        json.put("updatedAt", Timestamps.iso(updatedAt));
        return json;
    }

    Map<String, Object> auditState() {
        Map<String, Object> json = toApi();
        json.remove("updatedAt");
        return json;
    }
}
