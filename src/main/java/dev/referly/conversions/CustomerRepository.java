package dev.referly.conversions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for customers. Erased customers keep their row (for anonymous history) but are never found. */
final class CustomerRepository {
    static final String SELECT = "SELECT id, workspace_id, external_id, name, email, avatar, country, stripe_customer_id,"
            + " click_id, link_id, attributed, sales, sale_amount, first_sale_at, subscription_canceled_at, created_at,"
            + " updated_at FROM customers";

    /** Inserts unless the externalId is taken; true when this call created it. */
    boolean insertIfAbsent(Handle h, Customer c) {
        return h.createUpdate("INSERT INTO customers (id, workspace_id, external_id, name, email, avatar, country,"
                        + " click_id, link_id, attributed, created_at, updated_at) VALUES (:id, :workspaceId, :externalId,"
                        + " :name, :email, :avatar, :country, :clickId, :linkId, :attributed, :createdAt, :updatedAt)"
                        + " ON CONFLICT (workspace_id, external_id) DO NOTHING")
                .bindMethods(c)
                .execute() == 1;
    }

    Optional<Customer> byExternalId(Handle h, String workspaceId, String externalId) {
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND external_id = :ext AND erased_at IS NULL")
                .bind("ws", workspaceId).bind("ext", externalId)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    Optional<Customer> byId(Handle h, String workspaceId, String id) {
        return h.createQuery(SELECT + " WHERE workspace_id = :ws AND id = :id AND erased_at IS NULL")
                .bind("ws", workspaceId).bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /** Fills in what the customer lacked: profile fields sent later, and a first click. */
    void complete(Handle h, String id, String name, String email, String avatar, long now) {
        h.createUpdate("UPDATE customers SET name = COALESCE(:name, name), email = COALESCE(:email, email),"
                        + " avatar = COALESCE(:avatar, avatar), updated_at = :now WHERE id = :id")
                .bind("name", name).bind("email", email).bind("avatar", avatar).bind("now", now).bind("id", id)
                .execute();
    }

    void bindClick(Handle h, String id, String clickId, String linkId, boolean attributed, String country, long now) {
        h.createUpdate("UPDATE customers SET click_id = :click, link_id = :link, attributed = :attributed,"
                        + " country = COALESCE(country, :country), updated_at = :now WHERE id = :id AND click_id IS NULL")
                .bind("click", clickId).bind("link", linkId).bind("attributed", attributed).bind("country", country)
                .bind("now", now).bind("id", id)
                .execute();
    }

    void countSale(Handle h, String id, long amount, long at) {
        h.createUpdate("UPDATE customers SET sales = sales + 1, sale_amount = sale_amount + :amount,"
                        + " first_sale_at = COALESCE(first_sale_at, :at), updated_at = :at WHERE id = :id")
                .bind("amount", amount).bind("at", at).bind("id", id)
                .execute();
    }

    static Customer read(ResultSet rs) throws SQLException {
        return new Customer(rs.getString("id"), rs.getString("workspace_id"), rs.getString("external_id"),
                rs.getString("name"), rs.getString("email"), rs.getString("avatar"), rs.getString("country"),
                rs.getString("stripe_customer_id"), rs.getString("click_id"), rs.getString("link_id"),
                rs.getBoolean("attributed"), rs.getLong("sales"), rs.getLong("sale_amount"),
                nullableLong(rs, "first_sale_at"), nullableLong(rs, "subscription_canceled_at"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
