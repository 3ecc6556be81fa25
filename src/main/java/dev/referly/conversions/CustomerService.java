package dev.referly.conversions;

import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;
import dev.referly.shared.TextField;
import dev.referly.shared.WebFields;
import dev.referly.storage.ConstraintViolation;
import dev.referly.storage.Dialect;
import dev.referly.storage.GroupCommitWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** GET/PATCH/DELETE of customers. Conversions create them (see {@link LeadService}). */
public final class CustomerService {
    private final Jdbi jdbi;
    private final GroupCommitWriter writer;
    private final Dialect dialect;
    private final Clock clock;
    private final CustomerRepository repository = new CustomerRepository();

    /** Reads use {@code jdbi}; writes go through {@code writer}, as conversions do. */
    public CustomerService(Jdbi jdbi, GroupCommitWriter writer, Dialect dialect, Clock clock) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.clock = clock;
    }

    public Customer get(String workspaceId, String idOrExternal) {
        return find(workspaceId, idOrExternal).orElseThrow(() -> ApiException.notFound("Customer not found."));
    }

    private Optional<Customer> find(String workspaceId, String idOrExternal) {
        return jdbi.withHandle(h -> idOrExternal.startsWith("ext_")
                ? repository.byExternalId(h, workspaceId, idOrExternal.substring(4))
                : repository.byId(h, workspaceId, idOrExternal));
    }

    /** Customers by id, erased ones included (anonymous by then), for listing their events. */
    public Map<String, Customer> byIds(String workspaceId, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery(CustomerRepository.SELECT + " WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> CustomerRepository.read(rs))
                .collectToMap(Customer::id, c -> c));
    }

    public List<Customer> list(String workspaceId, CustomerQuery q) {
        StringBuilder sql = new StringBuilder(CustomerRepository.SELECT)
                .append(" WHERE workspace_id = :ws AND erased_at IS NULL");
        if (q.email() != null) {
            sql.append(" AND email = :email");
        }
        if (q.externalId() != null) {
            sql.append(" AND external_id = :externalId");
        }
        if (q.country() != null) {
            sql.append(" AND country = :country");
        }
        if (q.linkId() != null) {
            sql.append(" AND link_id = :linkId");
        }
        if (q.search() != null) {
            String like = " " + dialect.caseInsensitiveLike() + " :search";
            sql.append(" AND (email").append(like).append(" OR name").append(like)
                    .append(" OR external_id").append(like).append(")");
        }
        // Cursor pages (the SDK's iterator sends the last id it saw): rows after, or before,
        // the cursor customer in this order, ties broken by id.
        String cursor = q.startingAfter() != null ? q.startingAfter() : q.endingBefore();
        boolean reverse = q.startingAfter() == null && q.endingBefore() != null;
        if (cursor != null) {
            String beyond = (q.ascending() != reverse) ? ">" : "<";
            sql.append(" AND (COALESCE(").append(q.sortBy()).append(", -1) ").append(beyond)
                    .append(" (SELECT COALESCE(").append(q.sortBy()).append(", -1) FROM customers WHERE id = :cursor)")
                    .append(" OR (COALESCE(").append(q.sortBy()).append(", -1) = (SELECT COALESCE(").append(q.sortBy())
                    .append(", -1) FROM customers WHERE id = :cursor) AND id ").append(beyond).append(" :cursor))");
        }
        boolean paged = cursor == null;
        // endingBefore reads backwards from the cursor, then the page is turned around
        String order = (q.ascending() != reverse) ? " ASC" : " DESC";
        sql.append(" ORDER BY COALESCE(").append(q.sortBy()).append(", -1)").append(order).append(", id").append(order)
                .append(" LIMIT :limit").append(paged ? " OFFSET :offset" : "");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("ws", workspaceId).bind("email", q.email())
                    .bind("externalId", q.externalId()).bind("country", q.country()).bind("linkId", q.linkId())
                    .bind("limit", q.pageSize()).bind("offset", Paging.offset(q.page(), q.pageSize())).bind("cursor", cursor);
            if (q.search() != null) {
                query.bind("search", "%" + q.search().strip() + "%");
            }
            List<Customer> rows = new java.util.ArrayList<>(query.map((rs, ctx) -> CustomerRepository.read(rs)).list());
            if (reverse) {
                java.util.Collections.reverse(rows);
            }
            return rows;
        });
    }

    /** PATCH: name, email, avatar and externalId; anything else is ignored as Dub does. */
    public Customer update(String workspaceId, String idOrExternal, Map<String, Object> body) {
        Customer current = get(workspaceId, idOrExternal);
        String name = text(body, "name", current.name(), 255);
        String email = body.containsKey("email") ? WebFields.optionalEmail("email", body.get("email")) : current.email();
        String avatar = body.containsKey("avatar") ? WebFields.optionalImageUrl("avatar", body.get("avatar"))
                : current.avatar();
        String externalId = text(body, "externalId", current.externalId(), 100);
        if (externalId == null || externalId.isBlank()) {
            throw ApiException.invalid("externalId", "must not be empty");
        }
        try {
            writer.useTransaction(h -> h.createUpdate("UPDATE customers SET name = :name, email = :email, avatar = :avatar,"
                            + " external_id = :ext, updated_at = :now WHERE id = :id")
                    .bind("name", name).bind("email", email).bind("avatar", avatar).bind("ext", externalId)
                    .bind("now", clock.millis()).bind("id", current.id()).execute());
        } catch (RuntimeException e) {
            throw ConstraintViolation.unique(e)
                    .map(c -> ApiException.conflict("A customer with externalId " + externalId + " already exists."))
                    .orElseThrow(() -> e);
        }
        return get(workspaceId, current.id());
    }

    private static String text(Map<String, Object> body, String field, String current, int maxLength) {
        if (!body.containsKey(field)) {
            return current;
        }
        return TextField.optional(field, body.get(field), maxLength);
    }

    /**
     * GDPR erasure: the person's data goes (name, email, avatar, externalId, Stripe id and the
     * free-form metadata of their events); the anonymous history stays, so links' and partners'
     * totals and commissions still add up.
     */
    public String erase(String workspaceId, String idOrExternal) {
        Customer c = get(workspaceId, idOrExternal);
        long now = clock.millis();
        writer.useTransaction(h -> {
            h.createUpdate("UPDATE customers SET name = NULL, email = NULL, avatar = NULL, external_id = NULL,"
                    + " stripe_customer_id = NULL, erased_at = :now, updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", c.id()).execute();
            h.createUpdate("UPDATE leads SET metadata = NULL WHERE customer_id = :id").bind("id", c.id()).execute();
            h.createUpdate("UPDATE sales SET metadata = NULL, response = '{}' WHERE customer_id = :id")
                    .bind("id", c.id()).execute();
        });
        return c.id();
    }
}
