package dev.referly.links;

import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.Ids;
import dev.referly.shared.Paging;
import dev.referly.storage.ConstraintViolation;
import dev.referly.storage.Dialect;
import dev.referly.webhooks.EventTypes;
import dev.referly.webhooks.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The link registry: Dub's link operations, scoped to one workspace per call. */
public final class LinkService {
    private static final int RANDOM_KEY_LENGTH = 7;
    private static final int RANDOM_KEY_ATTEMPTS = 5;
    public static final int MAX_BULK = 100;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final String defaultDomain;
    private final LinkResolver resolver;
    private final LinkRepository repository = new LinkRepository();
    private final DomainOwners domains;
    private final LinkReferences references;

    public LinkService(Jdbi jdbi, Dialect dialect, Clock clock, String defaultDomain, LinkResolver resolver,
            LinkReferences references) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
        this.defaultDomain = defaultDomain;
        this.resolver = resolver;
        this.domains = new DomainOwners(defaultDomain);
        this.references = references;
    }

    public String defaultDomain() {
        return defaultDomain;
    }

    /**
     * Drops a short link from this process's redirect cache, for changes written to links
     * outside this service (a partner ban disabling its links in its own transaction).
     */
    public void evictFromCache(String domain, String key) {
        resolver.invalidate(domain, key);
    }

    public Link create(String workspaceId, LinkInput input) {
        if (!input.has(LinkField.URL)) {
            throw ApiException.invalid("url", "is required");
        }
        long now = clock.millis();
        EnumMap<LinkField, Object> values = new EnumMap<>(LinkField.class);
        for (LinkField f : LinkField.values()) {
            values.put(f, switch (f.kind()) {
                case BOOLEAN -> false;
                case COUNT -> 0L;
                default -> null;
            });
        }
        values.putAll(input.fields());
        values.put(LinkField.ID, Ids.newId("link_", clock));
        values.put(LinkField.WORKSPACE_ID, workspaceId);
        if (values.get(LinkField.DOMAIN) == null) {
            values.put(LinkField.DOMAIN, defaultDomain);
        }
        values.put(LinkField.CREATED_AT, now);
        values.put(LinkField.UPDATED_AT, now);
        syncUtm(values, input);
        boolean randomKey = !input.has(LinkField.KEY);
        for (int attempt = 1; ; attempt++) {
            if (randomKey) {
                String random = Ids.randomAlphanumeric(RANDOM_KEY_LENGTH);
                values.put(LinkField.KEY, input.keyPrefix() == null ? random : input.keyPrefix() + "/" + random);
            } else if (input.keyPrefix() != null && attempt == 1) {
                values.put(LinkField.KEY, input.keyPrefix() + "/" + values.get(LinkField.KEY));
            }
            Link link = new Link(new EnumMap<>(values));
            try {
                jdbi.useTransaction(h -> {
                    domains.claim(h, workspaceId, link.domain(), now);
                    references.check(h, workspaceId, (String) link.get(LinkField.PARTNER_ID),
                            (String) link.get(LinkField.PROGRAM_ID));
                    repository.insert(h, link);
                    Outbox.append(h, workspaceId, EventTypes.LINK_CREATED, link.id(), link, now);
                });
                resolver.invalidate(link.domain(), link.key());
                resolver.invalidateHost(link.domain());
                return link;
            } catch (RuntimeException e) {
                Optional<String> unique = ConstraintViolation.unique(e);
                if (unique.isEmpty()) {
                    throw e;
                }
                if (randomKey && isDomainKeyClash(unique.get()) && attempt < RANDOM_KEY_ATTEMPTS) {
                    continue;
                }
                throw clash(unique.get(), link);
            }
        }
    }

    public Link get(String workspaceId, String idOrExternal) {
        return find(workspaceId, idOrExternal).orElseThrow(() -> ApiException.notFound("Link not found."));
    }

    private Optional<Link> find(String workspaceId, String idOrExternal) {
        return jdbi.withHandle(h -> idOrExternal.startsWith("ext_")
                ? repository.byExternalId(h, workspaceId, idOrExternal.substring(4))
                : repository.byId(h, workspaceId, idOrExternal));
    }

    /** GET /links/info: by domain and key, by link id, or by external id. */
    public Link info(String workspaceId, String domain, String key, String linkId, String externalId) {
        Optional<Link> found;
        if (linkId != null) {
            found = find(workspaceId, linkId);
        } else if (externalId != null) {
            found = find(workspaceId, externalId.startsWith("ext_") ? externalId : "ext_" + externalId);
        } else if (domain != null && key != null) {
            String d = LinkInput.checkDomain(domain);
            found = jdbi.withHandle(h -> repository.byDomainKey(h, d, key.startsWith("/") ? key.substring(1) : key))
                    .filter(l -> l.workspaceId().equals(workspaceId));
        } else {
            throw ApiException.badRequest("Give domain and key, linkId, or externalId.");
        }
        return found.orElseThrow(() -> ApiException.notFound("Link not found."));
    }

    public Link update(String workspaceId, String idOrExternal, LinkInput input) {
        Link current = get(workspaceId, idOrExternal);
        Link updated = applyChanges(current, input);
        save(current, updated);
        return updated;
    }

    private Link applyChanges(Link current, LinkInput input) {
        EnumMap<LinkField, Object> values = current.copyValues();
        values.putAll(input.fields());
        if (input.keyPrefix() != null && input.has(LinkField.KEY)) {
            values.put(LinkField.KEY, input.keyPrefix() + "/" + input.get(LinkField.KEY));
        }
        syncUtm(values, input);
        values.put(LinkField.UPDATED_AT, Math.max(clock.millis(), (Long) current.get(LinkField.CREATED_AT)));
        return new Link(values);
    }

    private void save(Link current, Link updated) {
        try {
            jdbi.useTransaction(h -> {
                if (!updated.domain().equals(current.domain())) {
                    domains.claim(h, updated.workspaceId(), updated.domain(), (Long) updated.get(LinkField.UPDATED_AT));
                }
                references.check(h, updated.workspaceId(), changed(current, updated, LinkField.PARTNER_ID),
                        changed(current, updated, LinkField.PROGRAM_ID));
                repository.update(h, updated);
                Outbox.append(h, updated.workspaceId(), EventTypes.LINK_UPDATED, updated.id(), updated,
                        (Long) updated.get(LinkField.UPDATED_AT));
            });
        } catch (RuntimeException e) {
            throw ConstraintViolation.unique(e).map(c -> clash(c, updated)).orElseThrow(() -> e);
        }
        resolver.invalidate(current.domain(), current.key());
        resolver.invalidate(updated.domain(), updated.key());
        resolver.invalidateHost(updated.domain());
    }

    /** The new value of a reference the update changes; null when it keeps its value or clears it. */
    private static String changed(Link current, Link updated, LinkField field) {
        Object after = updated.get(field);
        return after == null || after.equals(current.get(field)) ? null : (String) after;
    }

    /** PUT /links/upsert: the workspace's link for this URL, changed as asked; or a new one. */
    public Link upsert(String workspaceId, LinkInput input) {
        if (!input.has(LinkField.URL)) {
            throw ApiException.invalid("url", "is required");
        }
        String url = (String) input.get(LinkField.URL);
        Optional<Link> existing = jdbi.withHandle(h -> repository.oldestByUrl(h, workspaceId, url));
        if (existing.isEmpty()) {
            return create(workspaceId, input);
        }
        Link current = existing.get();
        boolean changes = input.fields().entrySet().stream()
                .anyMatch(e -> !Objects.equals(e.getValue(), current.get(e.getKey())));
        if (!changes) {
            return current;
        }
        Link updated = applyChanges(current, input);
        save(current, updated);
        return updated;
    }

    public Link delete(String workspaceId, String idOrExternal) {
        Link link = get(workspaceId, idOrExternal);
        jdbi.useTransaction(h -> {
            if (repository.delete(h, workspaceId, List.of(link.id())) == 1) {
                Outbox.append(h, workspaceId, EventTypes.LINK_DELETED, link.id(), link, clock.millis());
            }
        });
        resolver.invalidate(link.domain(), link.key());
        return link;
    }

    /** The workspace's links among {@code ids}; ids of other workspaces or deleted links are absent. */
    public Map<String, Link> byIds(String workspaceId, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery(LinkRepository.SELECT + " WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> LinkRepository.read(rs))
                .collectToMap(Link::id, l -> l));
    }

    public List<Link> list(String workspaceId, LinkQuery query) {
        return jdbi.withHandle(h -> {
            StringBuilder sql = new StringBuilder(LinkRepository.SELECT);
            Query q = filtered(h, sql, workspaceId, query,
                    " ORDER BY " + query.sortBy() + (query.ascending() ? " ASC" : " DESC") + ", id"
                            + (query.ascending() ? " ASC" : " DESC") + " LIMIT :limit OFFSET :offset");
            q.bind("limit", query.pageSize()).bind("offset", Paging.offset(query.page(), query.pageSize()));
            return q.map((rs, ctx) -> LinkRepository.read(rs)).list();
        });
    }

    public long count(String workspaceId, LinkQuery query) {
        return jdbi.withHandle(h -> filtered(h, new StringBuilder("SELECT COUNT(*) FROM links"), workspaceId, query, "")
                .mapTo(Long.class).one());
    }

    private Query filtered(Handle h, StringBuilder sql, String workspaceId, LinkQuery query, String tail) {
        sql.append(" WHERE workspace_id = :ws");
        if (query.tagFilter()) {
            sql.append(" AND 1 = 0"); // no link carries tags yet, so a tag filter matches nothing
        }
        if (!query.showArchived()) {
            sql.append(" AND archived = :false");
        }
        if (query.domain() != null) {
            sql.append(" AND domain = :domain");
        }
        if (query.tenantId() != null) {
            sql.append(" AND tenant_id = :tenantId");
        }
        if (query.partnerId() != null) {
            sql.append(" AND partner_id = :partnerId");
        }
        if (query.folderId() != null) {
            sql.append(" AND folder_id = :folderId");
        }
        if (query.userId() != null) {
            sql.append(" AND user_id = :userId");
        }
        if (query.search() != null && !query.search().isBlank()) {
            String like = " " + dialect.caseInsensitiveLike() + " :search";
            sql.append(" AND (url").append(like).append(" OR link_key").append(like)
                    .append(" OR title").append(like).append(")");
        }
        sql.append(tail);
        Query q = h.createQuery(sql.toString()).bind("ws", workspaceId).bind("false", false);
        q.bind("domain", query.domain()).bind("tenantId", query.tenantId()).bind("partnerId", query.partnerId())
                .bind("folderId", query.folderId()).bind("userId", query.userId());
        if (query.search() != null) {
            q.bind("search", "%" + query.search().strip().replace("%", "\\%") + "%");
        }
        return q;
    }

    public List<BulkCreateResult> bulkCreate(String workspaceId, List<Map<String, Object>> bodies) {
        checkBulkSize(bodies.size());
        List<BulkCreateResult> results = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            try {
                results.add(new BulkCreateResult(create(workspaceId, LinkInput.parse(body)), null, null, null));
            } catch (ApiException e) {
                results.add(new BulkCreateResult(null, body, e.code(), e.getMessage()));
            }
        }
        return results;
    }

    /** PATCH /links/bulk: the same change to many links; identity fields cannot be shared. */
    public List<Link> bulkUpdate(String workspaceId, List<String> linkIds, List<String> externalIds, LinkInput input) {
        for (LinkField identity : List.of(LinkField.DOMAIN, LinkField.KEY, LinkField.EXTERNAL_ID)) {
            if (input.has(identity)) {
                throw ApiException.invalid("data." + identity.apiName(), "cannot be set on many links at once");
            }
        }
        List<String> refs = new ArrayList<>(linkIds);
        externalIds.forEach(ext -> refs.add("ext_" + ext));
        checkBulkSize(refs.size());
        List<Link> updated = new ArrayList<>();
        for (String ref : refs) {
            find(workspaceId, ref).ifPresent(current -> {
                Link changed = applyChanges(current, input);
                save(current, changed);
                updated.add(changed);
            });
        }
        return updated;
    }

    public int bulkDelete(String workspaceId, List<String> linkIds) {
        checkBulkSize(linkIds.size());
        List<Link> links = new ArrayList<>();
        for (String id : linkIds) {
            find(workspaceId, id).ifPresent(links::add);
        }
        long now = clock.millis();
        int deleted = jdbi.inTransaction(h -> {
            int n = repository.delete(h, workspaceId, links.stream().map(Link::id).toList());
            links.forEach(l -> Outbox.append(h, workspaceId, EventTypes.LINK_DELETED, l.id(), l, now));
            return n;
        });
        links.forEach(l -> resolver.invalidate(l.domain(), l.key()));
        return deleted;
    }

    private static void checkBulkSize(int size) {
        if (size > MAX_BULK) {
            throw ApiException.invalid("links", "at most " + MAX_BULK + " links per bulk request");
        }
    }

    private static boolean isDomainKeyClash(String constraint) {
        return constraint.contains("links_domain_key") || constraint.contains("links.link_key");
    }

    private static ApiException clash(String constraint, Link link) {
        if (isDomainKeyClash(constraint)) {
            return ApiException.conflict("Duplicate key: " + link.domain() + "/" + link.key() + " already exists.");
        }
        if (constraint.contains("external_id")) {
            return ApiException.conflict("A link with externalId " + link.get(LinkField.EXTERNAL_ID) + " already exists.");
        }
        return new ApiException(ErrorCode.CONFLICT, "The link clashes with an existing one.");
    }

    private static void syncUtm(EnumMap<LinkField, Object> values, LinkInput input) {
        EnumMap<LinkField, String> sent = new EnumMap<>(LinkField.class);
        for (LinkField utm : LinkField.UTM) {
            if (input.has(utm)) {
                sent.put(utm, (String) input.get(utm));
            }
        }
        String url = (String) values.get(LinkField.URL);
        if (!sent.isEmpty()) {
            values.put(LinkField.URL, UtmParameters.write(url, sent));
        } else if (input.has(LinkField.URL)) {
            EnumMap<LinkField, String> fromUrl = UtmParameters.read(url);
            for (LinkField utm : LinkField.UTM) {
                values.put(utm, fromUrl.get(utm));
            }
        }
    }
}
