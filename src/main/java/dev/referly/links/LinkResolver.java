package dev.referly.links;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Short-link lookups for the redirect. A cache answers hot keys without touching the
 * database; entries (misses too, so unknown-key floods stay off the database) expire after
 * a few seconds, which bounds how long another process's edit takes to show here.
 */
public final class LinkResolver {
    private record DomainKey(String domain, String key) {}

    private final LoadingCache<DomainKey, Optional<RedirectTarget>> cache;
    private final LoadingCache<String, Optional<String>> hostOwners;

    /** {@code sharedDomain}: the installation's default short domain, which no workspace owns. */
    public LinkResolver(Jdbi jdbi, Duration ttl, String sharedDomain) {
        LinkRepository repository = new LinkRepository();
        this.cache = Caffeine.newBuilder().executor(Runnable::run)
                .expireAfterWrite(ttl)
                .maximumSize(200_000)
                .build(dk -> jdbi.withHandle(h -> repository.served(h, dk.domain(), dk.key(), sharedDomain))
                        .map(RedirectTarget::of));
        this.hostOwners = Caffeine.newBuilder().executor(Runnable::run)
                .expireAfterWrite(ttl)
                .maximumSize(10_000)
                .build(host -> jdbi.withHandle(h -> DomainOwners.ownerOf(h, host)));
    }

    public Optional<RedirectTarget> resolve(String domain, String key) {
        return cache.get(new DomainKey(domain, key));
    }

    /** Whether {@link #resolve} would answer from memory, without reading the database. */
    public boolean isCached(String domain, String key) {
        return cache.getIfPresent(new DomainKey(domain, key)) != null;
    }

    /**
     * The workspace that owns this host, if any. An owned host serves its owner's links only; a
     * miss there must not fall back to another workspace's default-domain link.
     */
    public Optional<String> ownerOf(String host) {
        return hostOwners.get(host);
    }

    /** Whether {@link #ownerOf} can answer from memory. */
    public boolean isOwnerCached(String host) {
        return hostOwners.getIfPresent(host) != null;
    }

    void invalidateHost(String host) {
        hostOwners.invalidate(host);
    }

    void invalidate(String domain, String key) {
        cache.invalidate(new DomainKey(domain, key));
    }
}
