package dev.referly.links;

/** What the redirect needs of a link, small enough to cache for every hot key. */
public record RedirectTarget(String linkId, String workspaceId, String url, Long expiresAt, String expiredUrl,
        boolean disabled, boolean passClickId) {

    static RedirectTarget of(Link link) {
        return new RedirectTarget(link.id(), link.workspaceId(), link.url(), link.expiresAt(), link.expiredUrl(),
                link.disabledAt() != null, link.trackConversion() || link.partnerId() != null);
    }

    public boolean expiredAt(long nowMillis) {
        return expiresAt != null && expiresAt <= nowMillis;
    }
}
