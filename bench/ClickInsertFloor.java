// What storing one click in SQLite costs on its own, with nothing else on the machine: the
// floor under the redirect benchmark's click writer. Run from the repository root:
//   java --enable-native-access=ALL-UNNAMED -cp target/referly.jar bench/ClickInsertFloor.java DIR [batch] [clicks]
// Two tables, each with the real clicks table's two indexes (click id, workspace + seq):
//   full     the real clicks table of the migrations, every column bound as the writer binds it
//   minimal  only id, workspace, link, time and visitor hash: the least any click store must keep
// Each commits batches of `batch` clicks (the writer's measured batch is ~24 at 64 connections)
// plus the writer's per-batch link counter update, and prints the thread's CPU time per click.
import dev.referly.shared.Ids;
import dev.referly.storage.Database;
import dev.referly.storage.DatabaseUrl;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.workspaces.WorkspaceService;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.SplittableRandom;

public class ClickInsertFloor {
    static final String UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36";
    static final String FULL = "INSERT INTO clicks (id, workspace_id, link_id, ts, url, country, city, region, continent,"
            + " device, browser, browser_version, os, os_version, ua, referer, referer_url, utm_source, utm_medium,"
            + " utm_campaign, utm_term, utm_content, trigger_type, ip, visitor_hash, query)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String MINIMAL = "INSERT INTO clicks_minimal (id, workspace_id, link_id, ts, visitor_hash) VALUES (?, ?, ?, ?, ?)";
    static final String COUNT = "UPDATE links SET clicks = clicks + ?, last_clicked = ? WHERE id = ?";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int clicks = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        try (Database db = Database.open(DatabaseUrl.sqlite(dir))) {
            db.migrate();
            CreatedWorkspace ws = new WorkspaceService(db.jdbi(), Clock.systemUTC()).create("Floor");
            String wsId = ws.workspace().id();
            long now = System.currentTimeMillis();
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO links (id, workspace_id, domain, link_key, url, track_conversion, created_at,"
                        + " updated_at) VALUES ('link_floor', '" + wsId + "', 'localhost', 'floor',"
                        + " 'https://example.com/landing', TRUE, " + now + ", " + now + ")");
                s.execute("CREATE TABLE clicks_minimal (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, workspace_id TEXT NOT NULL,"
                        + " link_id TEXT NOT NULL, ts BIGINT NOT NULL, visitor_hash TEXT NOT NULL)");
                s.execute("CREATE UNIQUE INDEX clicks_minimal_id ON clicks_minimal (id)");
                s.execute("CREATE INDEX clicks_minimal_workspace_seq ON clicks_minimal (workspace_id, seq)");
            }
            for (String table : new String[] {"full", "minimal", "full", "minimal"}) {
                double micros = run(db, table.equals("full"), wsId, batch, clicks);
                System.out.printf("%-8s batch %3d: %6.2f us CPU per click (%d clicks after %d warm-up)%n",
                        table, batch, micros, clicks, clicks / 5);
            }
        }
    }

    private static double run(Database db, boolean full, String wsId, int batch, int clicks) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(7);
        int warmUp = clicks / 5;
        long cpuAtStart = 0;
        try (Connection c = db.connection();
                PreparedStatement insert = c.prepareStatement(full ? FULL : MINIMAL);
                PreparedStatement count = c.prepareStatement(COUNT)) {
            int done = 0;
            while (done < warmUp + clicks) {
                if (done >= warmUp && cpuAtStart == 0) {
                    cpuAtStart = threads.getCurrentThreadCpuTime();
                }
                c.setAutoCommit(false);
                long ts = System.currentTimeMillis();
                for (int i = 0; i < batch; i++, done++) {
                    bind(insert, full, wsId, ts, random);
                    insert.addBatch();
                }
                insert.executeBatch();
                count.setLong(1, batch);
                count.setLong(2, ts);
                count.setString(3, "link_floor");
                count.executeUpdate();
                c.commit();
                c.setAutoCommit(true);
            }
            return (threads.getCurrentThreadCpuTime() - cpuAtStart) / 1000.0 / (done - warmUp);
        }
    }

    private static void bind(PreparedStatement p, boolean full, String wsId, long ts, SplittableRandom random)
            throws Exception {
        int i = 1;
        p.setString(i++, Ids.clickId(ts));
        p.setString(i++, wsId);
        p.setString(i++, "link_floor");
        p.setLong(i++, ts);
        if (!full) {
            p.setString(i, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
            return;
        }
        p.setString(i++, "https://example.com/landing");
        for (int geo = 0; geo < 4; geo++) {
            p.setString(i++, "");
        }
        p.setString(i++, "Desktop");
        p.setString(i++, "Chrome");
        p.setString(i++, "124.0.0.0");
        p.setString(i++, "Windows");
        p.setString(i++, "10");
        p.setString(i++, UA);
        p.setString(i++, "(direct)");
        p.setString(i++, "");
        for (int utm = 0; utm < 5; utm++) {
            p.setNull(i++, Types.VARCHAR);
        }
        p.setString(i++, "link");
        p.setNull(i++, Types.VARCHAR);
        p.setString(i++, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        p.setNull(i, Types.VARCHAR);
    }
}
