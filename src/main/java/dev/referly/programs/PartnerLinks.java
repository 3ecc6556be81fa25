package dev.referly.programs;

import dev.referly.links.Link;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A partner's links: listing them, and creating or changing them on the program's site within
 * the group's limit. The link properties that make a link the partner's are fixed here.
 */
final class PartnerLinks {
    /** Link properties the partner's link sets itself; a client's linkProps cannot override them. */
    private static final Set<String> FIXED_LINK_PROPS = Set.of("url", "domain", "partnerId", "programId",
            "trackConversion", "id", "workspaceId");
    private static final String LINK_SAVEPOINT = "partner_link";

    private final Jdbi jdbi;
    private final LinkService links;
    private final PartnerRepository repository;
    private final PartnerLookups lookups;

    PartnerLinks(Jdbi jdbi, LinkService links, PartnerRepository repository, PartnerLookups lookups) {
        this.jdbi = jdbi;
        this.links = links;
        this.repository = repository;
        this.lookups = lookups;
    }

    /** GET /partners/links: the partner's links, oldest first. */
    List<Link> links(String ws, String partnerId, String tenantId) {
        return jdbi.withHandle(h -> {
            Partner p = lookups.resolve(h, ws, partnerId, tenantId);
            List<String> ids = repository.linkIds(h, ws, p.id());
            Map<String, Link> byId = links.byIds(ws, ids);
            return ids.stream().map(byId::get).filter(l -> l != null).toList();
        });
    }

    /** POST /partners/links: another link for the partner, within its group's max_partner_links. */
    Link createLink(String ws, PartnerLinkInput in) {
        return jdbi.inTransaction(h -> {
            Partner p = resolveActive(h, ws, in);
            return createWithinLimit(h, ws, p, in);
        });
    }

    /** PUT /partners/links/upsert: the partner's link with this URL, changed as asked; or a new one. */
    Link upsertLink(String ws, PartnerLinkInput in) {
        if (in.url() == null) {
            throw ApiException.invalid("url", "is required");
        }
        return jdbi.inTransaction(h -> {
            Partner p = resolveActive(h, ws, in);
            Optional<String> existing = repository.linkIdByUrl(h, ws, p.id(), in.url(), in.key());
            if (existing.isEmpty()) {
                return createWithinLimit(h, ws, p, in);
            }
            Map<String, Object> changes = cleanProps(in.linkProps());
            if (in.key() != null) {
                changes.put("key", in.key());
            }
            if (in.commentsSent()) {
                changes.put("comments", in.comments());
            }
            if (changes.isEmpty()) {
                return links.get(ws, existing.get());
            }
            return links.update(ws, existing.get(), parseLink(changes, in.linkProps()));
        });
    }

    private Partner resolveActive(Handle h, String ws, PartnerLinkInput in) {
        Partner p = lookups.resolve(h, ws, in.partnerId(), in.tenantId());
        if (p.status().disablesLinks()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The partner is " + p.status().apiName()
                    + ": its links are disabled and it cannot get new ones.");
        }
        return p;
    }

    private Link createWithinLimit(Handle h, String ws, Partner p, PartnerLinkInput in) {
        PartnerRepository.Program program = lookups.program(h, ws);
        PartnerRepository.Group group = lookups.group(h, ws, p.groupId());
        String base = group.linkUrl() != null ? group.linkUrl() : program.url();
        String url = in.url() != null ? in.url() : base;
        if (url == null) {
            throw ApiException.invalid("url", "is required: neither the partner's group nor the program has a"
                    + " destination URL");
        }
        if (in.url() != null && base != null && !sameSite(host(in.url()), host(base))) {
            throw ApiException.invalid("url", "must be on " + host(base) + ", the program's domain");
        }
        repository.lock(h, p.id()); // concurrent creations for one partner count one after the other
        if (group.maxPartnerLinks() != null && repository.countLinks(h, p.id()) >= group.maxPartnerLinks()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The partner already has the most links its group allows ("
                    + group.maxPartnerLinks() + ").");
        }
        Map<String, Object> body = linkBody(p, program, group, in.linkProps(), url);
        if (in.key() != null) {
            body.put("key", in.key());
        }
        if (in.commentsSent()) {
            body.put("comments", in.comments());
        }
        return createLink(h, ws, parseLink(body, in.linkProps()));
    }

    static Map<String, Object> linkBody(Partner p, PartnerRepository.Program program,
            PartnerRepository.Group group, Map<String, Object> props, String url) {
        Map<String, Object> body = cleanProps(props);
        body.put("url", url);
        if (group.linkDomain() != null) {
            body.put("domain", group.linkDomain());
        }
        body.put("trackConversion", true);
        body.put("partnerId", p.id());
        body.put("programId", program.id());
        if (body.get("tenantId") == null) {
            body.put("tenantId", p.tenantId());
        }
        return body;
    }

    private static Map<String, Object> cleanProps(Map<String, Object> props) {
        Map<String, Object> body = new LinkedHashMap<>(props);
        body.keySet().removeAll(FIXED_LINK_PROPS);
        return body;
    }

    /** Parses a link body; errors about a property the client sent in linkProps name it as linkProps.x. */
    static LinkInput parseLink(Map<String, Object> body, Map<String, Object> props) {
        try {
            return LinkInput.parse(body);
        } catch (ApiException e) {
            String field = e.getMessage().split(":", 2)[0];
            if (e.code() == ErrorCode.UNPROCESSABLE_ENTITY && props.containsKey(field)
                    && !FIXED_LINK_PROPS.contains(field) && Objects.equals(props.get(field), body.get(field))) {
                throw ApiException.invalid("linkProps." + field, e.getMessage().substring(field.length() + 2));
            }
            throw e;
        }
    }

    /** Creates the link inside the caller's transaction; a refusal leaves the transaction usable. */
    Link createLink(Handle h, String ws, LinkInput input) {
        h.savepoint(LINK_SAVEPOINT);
        try {
            Link link = links.create(ws, input);
            h.release(LINK_SAVEPOINT);
            return link;
        } catch (RuntimeException e) {
            h.rollbackToSavepoint(LINK_SAVEPOINT);
            throw e;
        }
    }

    private static String host(String url) {
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** The same site: one host, or one a subdomain of the other (example.com and app.example.com). */
    static boolean sameSite(String a, String b) {
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }
}
