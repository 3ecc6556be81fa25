package dev.referly.commissions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.storage.Database;
import dev.referly.storage.DatabaseUrl;
import dev.referly.testing.Store;
import dev.referly.testing.TestDatabases;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V16 on a ledger written before it, on both stores: the refunded total of each sale commission is
 * recovered from what was recorded (refunded in full, or the sum of its refund corrections, never
 * more than the sale), so refunds after the upgrade keep adding up.
 */
class RefundedAmountMigrationIT {
    private static final String DEFAULT_DOMAIN = "localhost:8080";

    @ParameterizedTest
    @EnumSource(Store.class)
    void existingRefundsAreCountedInTheRefundedTotal(Store store) {
        String url = TestDatabases.fresh(store);
        Database db = Database.open(DatabaseUrl.parse(url));
        try {
            migrateToJustBefore16(db);
            db.jdbi().useHandle(h -> {
                entry(h, "cm_partial", null, "pending", 10_000, 1_000, null);
                entry(h, "cm_partial_r1", "cm_partial", "pending", -2_000, -200, "refund:cm_partial:r1");
                entry(h, "cm_partial_r2", "cm_partial", "pending", -1_000, -100, "refund:cm_partial:r2");
                entry(h, "cm_partial_edit", "cm_partial", "pending", 0, -50, null); // an edit is no refund
                entry(h, "cm_full", null, "refunded", 5_000, 500, null);
                entry(h, "cm_over", null, "paid", 1_000, 100, null);
                entry(h, "cm_over_r1", "cm_over", "pending", -1_000, -100, "refund:cm_over:r1");
                entry(h, "cm_over_r2", "cm_over", "pending", -1_000, -100, "refund:cm_over:r2");
                entry(h, "cm_none", null, "pending", 7_000, 700, null);
            });
            db.migrate(DEFAULT_DOMAIN);
            db.jdbi().useHandle(h -> {
                assertThat(refunded(h, "cm_partial")).isEqualTo(3_000);
                assertThat(refunded(h, "cm_full")).isEqualTo(5_000);
                assertThat(refunded(h, "cm_over")).isEqualTo(1_000); // the old over-refund, capped at the sale
                assertThat(refunded(h, "cm_none")).isZero();
                assertThat(refunded(h, "cm_partial_r1")).isZero();
            });
        } finally {
            db.close();
            TestDatabases.dispose(url);
        }
    }

    /** The schema as it was before V16, whichever other migrations exist below it. */
    private static void migrateToJustBefore16(Database db) {
        Map<String, String> placeholders = new HashMap<>(db.dialect().migrationPlaceholders());
        placeholders.put("default_domain", DEFAULT_DOMAIN); // V14 leaves the shared domain to everyone
        Flyway all = Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                .placeholders(placeholders).load();
        MigrationVersion before = Arrays.stream(all.info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(MigrationVersion.fromVersion("16")) < 0)
                .max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                .placeholders(placeholders).target(before).load().migrate();
    }

    private static void entry(Handle h, String id, String correctsId, String status, long amount, long earnings,
            String dedupeKey) {
        h.createUpdate("INSERT INTO commissions (id, workspace_id, program_id, partner_id, type, status, amount,"
                        + " earnings, currency, corrects_id, dedupe_key, created_at, updated_at) VALUES (:id, 'ws_m',"
                        + " 'prog_m', 'pn_m', 'sale', :status, :amount, :earnings, 'usd', :corrects, :dedupe, 1, 1)")
                .bind("id", id).bind("status", status).bind("amount", amount).bind("earnings", earnings)
                .bind("corrects", correctsId).bind("dedupe", dedupeKey).execute();
    }

    private static long refunded(Handle h, String id) {
        return h.createQuery("SELECT refunded_amount FROM commissions WHERE id = :id").bind("id", id)
                .mapTo(Long.class).one();
    }
}
