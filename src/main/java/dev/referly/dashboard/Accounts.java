package dev.referly.dashboard;

import dev.referly.shared.ApiException;
import dev.referly.shared.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Dashboard accounts: one email per installation, each in one workspace with a role. */
public final class Accounts {
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String SELECT = "SELECT id, workspace_id, email, role, created_at FROM accounts";
    /** The instance_settings row whose insertion makes the one-time setup happen once. */
    private static final String SETUP_CLAIM = "dashboard_setup";

    private final Jdbi jdbi;
    private final Clock clock;

    public Accounts(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Account create(String workspaceId, String email, String password, Role role) {
        String normalized = checkEmail(email);
        String hash = PasswordHasher.hash(checkPassword(password));
        return jdbi.inTransaction(h -> insert(h, workspaceId, normalized, hash, role));
    }

    /**
     * The installation's first account, made by the setup page: refused once any account
     * exists or another setup has claimed the installation, also across processes.
     */
    Optional<Account> createFirst(String workspaceId, String email, String password) {
        String normalized = checkEmail(email);
        String hash = PasswordHasher.hash(checkPassword(password));
        return jdbi.inTransaction(h -> {
            if (any(h)) {
                return Optional.empty();
            }
            int claimed = h.createUpdate("INSERT INTO instance_settings (name, value) VALUES (:name, :value)"
                            + " ON CONFLICT (name) DO NOTHING")
                    .bind("name", SETUP_CLAIM).bind("value", String.valueOf(clock.millis())).execute();
            return claimed == 1 ? Optional.of(insert(h, workspaceId, normalized, hash, Role.OWNER)) : Optional.empty();
        });
    }

    private Account insert(Handle h, String workspaceId, String email, String hash, Role role) {
        long now = clock.millis();
        Account account = new Account(Ids.newId("acct_", clock), workspaceId, email, role, now);
        int inserted = h.createUpdate("INSERT INTO accounts (id, workspace_id, email, password_hash, role, created_at)"
                        + " VALUES (:id, :ws, :email, :hash, :role, :now) ON CONFLICT (email) DO NOTHING")
                .bind("id", account.id()).bind("ws", workspaceId).bind("email", email).bind("hash", hash)
                .bind("role", role.apiName()).bind("now", now)
                .execute();
        if (inserted == 0) {
            throw ApiException.conflict("An account with the email " + email + " already exists.");
        }
        return account;
    }

    /** Whether the installation has any account (if not, the setup page is open). */
    public boolean any() {
        return jdbi.withHandle(Accounts::any);
    }

    private static boolean any(Handle h) {
        return h.createQuery("SELECT 1 FROM accounts LIMIT 1").mapTo(Integer.class).findOne().isPresent();
    }

    /** The account whose password this is; an unknown email costs the same time as a wrong password. */
    Optional<Account> authenticate(String email, String password) {
        if (email == null || password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        Optional<String[]> row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, password_hash FROM accounts WHERE email = :email")
                .bind("email", normalized)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .findOne());
        boolean matches = PasswordHasher.verify(password, row.map(r -> r[1]).orElse(PasswordHasher.DECOY));
        return matches && row.isPresent() ? find(row.get()[0]) : Optional.empty();
    }

    Optional<Account> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    List<Account> list(String workspaceId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE workspace_id = :ws ORDER BY created_at, id")
                .bind("ws", workspaceId).map((rs, ctx) -> read(rs)).list());
    }

    /** Removes a member of the workspace (and their sessions); the last owner stays. */
    void delete(String workspaceId, String accountId) {
        jdbi.useTransaction(h -> {
            Account a = h.createQuery(SELECT + " WHERE id = :id AND workspace_id = :ws")
                    .bind("id", accountId).bind("ws", workspaceId).map((rs, ctx) -> read(rs)).findOne()
                    .orElseThrow(() -> ApiException.notFound("Account not found."));
            if (a.isOwner() && h.createQuery("SELECT COUNT(*) FROM accounts WHERE workspace_id = :ws AND role = 'owner'")
                    .bind("ws", workspaceId).mapTo(Long.class).one() <= 1) {
                throw ApiException.conflict("The workspace's last owner cannot be removed.");
            }
            h.createUpdate("DELETE FROM dashboard_sessions WHERE account_id = :id").bind("id", accountId).execute();
            h.createUpdate("DELETE FROM accounts WHERE id = :id").bind("id", accountId).execute();
        });
    }

    private static Account read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Account(rs.getString(1), rs.getString(2), rs.getString(3), Role.parse(rs.getString(4)),
                rs.getLong(5));
    }

    private static String checkEmail(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            throw ApiException.invalid("email", "must be an email address");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static String checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiException.invalid("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }
}
