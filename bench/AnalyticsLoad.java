// Loads a synthetic workspace straight into a fresh SQLite database (JDBC batches, not HTTP),
// then times the rollup catch-up. Run from the repository root:
//   java --enable-native-access=ALL-UNNAMED -cp target/referly.jar bench/AnalyticsLoad.java DIR [clicks] [conversions]
// Prints API_KEY=..., LOAD_SECONDS=..., CATCHUP_SECONDS=...
import dev.referly.analytics.RollupBuilder;
import dev.referly.storage.Database;
import dev.referly.storage.DatabaseUrl;
import dev.referly.workspaces.CreatedWorkspace;
import dev.referly.workspaces.WorkspaceService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.SplittableRandom;

public class AnalyticsLoad {
    static final String[] CONTINENT = {"EU", "NA", "AS", "SA", "OC", "AF"};
    static final String[] DEVICES = {"Desktop", "Mobile", "Tablet"};
    static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera", "Brave", "Vivaldi"};
    static final String[] OSES = {"Windows", "Mac OS", "iOS", "Android", "Linux", "Chrome OS"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long clicks = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        long conversions = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        int links = 3_000;
        long now = System.currentTimeMillis();
        long span = 90L * 86_400_000L;
        long t0 = System.nanoTime();
        try (Database db = Database.open(DatabaseUrl.sqlite(dir))) {
            db.migrate();
            CreatedWorkspace ws = new WorkspaceService(db.jdbi(), Clock.systemUTC()).create("Bench workspace");
            String wsId = ws.workspace().id();
            db.jdbi().useHandle(h -> h.execute("UPDATE workspaces SET created_at = ?", now - span - 86_400_000L));
            SplittableRandom rnd = new SplittableRandom(42);
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO links (id, workspace_id, domain, link_key, url,"
                        + " track_conversion, created_at, updated_at) VALUES (?, ?, 'localhost', ?, ?, TRUE, ?, ?)")) {
                    for (int i = 0; i < links; i++) {
                        ps.setString(1, linkId(i));
                        ps.setString(2, wsId);
                        ps.setString(3, "k" + i);
                        ps.setString(4, "https://example.com/p/" + i);
                        ps.setLong(5, now - span - 86_400_000L);
                        ps.setLong(6, now - span - 86_400_000L);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                PreparedStatement click = c.prepareStatement("INSERT INTO clicks (id, workspace_id, link_id, ts, url, country,"
                        + " city, region, continent, device, browser, browser_version, os, os_version, ua, referer,"
                        + " referer_url, utm_source, utm_medium, utm_campaign, utm_term, utm_content, trigger_type,"
                        + " visitor_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '1', ?, '1', 'Mozilla/5.0', ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?)");
                PreparedStatement lead = c.prepareStatement("INSERT INTO leads (id, workspace_id, customer_id, click_id,"
                        + " link_id, event_name, source, ts) VALUES (?, ?, ?, ?, ?, 'Sign up', 'api', ?)");
                PreparedStatement sale = c.prepareStatement("INSERT INTO sales (id, workspace_id, customer_id, click_id,"
                        + " link_id, event_name, amount, currency, original_amount, original_currency, fx_rate,"
                        + " payment_processor, response, ts) VALUES (?, ?, ?, ?, ?, 'Purchase', ?, 'usd', ?, 'usd', '1',"
                        + " 'stripe', '{}', ?)");
                double convRate = (double) conversions / clicks;
                long conv = 0;
                for (long n = 0; n < clicks; n++) {
                    long ts = now - span + (long) ((double) n / clicks * span);
                    int link = zipf(rnd, links);
                    int country = zipf(rnd, 40);
                    int city = country * 10 + zipf(rnd, 10);
                    String clickId = String.format("c%015d", n);
                    click.setString(1, clickId);
                    click.setString(2, wsId);
                    click.setString(3, linkId(link));
                    click.setLong(4, ts);
                    click.setString(5, "https://example.com/p/" + link);
                    click.setString(6, "C" + (char) ('A' + country % 26) + (char) ('A' + country / 26));
                    click.setString(7, "City " + city);
                    click.setString(8, "R" + (city / 3));
                    click.setString(9, CONTINENT[country % CONTINENT.length]);
                    click.setString(10, DEVICES[zipf(rnd, DEVICES.length)]);
                    click.setString(11, BROWSERS[zipf(rnd, BROWSERS.length)]);
                    click.setString(12, OSES[zipf(rnd, OSES.length)]);
                    int ref = zipf(rnd, 21);
                    click.setString(13, ref == 0 ? "(direct)" : "ref" + ref + ".example");
                    click.setString(14, ref == 0 ? "(direct)" : "https://ref" + ref + ".example/page/" + zipf(rnd, 10));
                    boolean utm = rnd.nextInt(2) == 0;
                    click.setString(15, utm ? "source" + zipf(rnd, 8) : null);
                    click.setString(16, utm ? "medium" + zipf(rnd, 4) : null);
                    click.setString(17, utm ? "campaign" + zipf(rnd, 40) : null);
                    click.setString(18, utm && rnd.nextInt(3) == 0 ? "term" + zipf(rnd, 100) : null);
                    click.setString(19, utm && rnd.nextInt(3) == 0 ? "content" + zipf(rnd, 30) : null);
                    click.setString(20, rnd.nextInt(20) == 0 ? "qr" : "link");
                    click.setString(21, Long.toHexString(rnd.nextLong()));
                    click.addBatch();
                    if (conv < conversions && rnd.nextDouble() < convRate) {
                        long cts = Math.min(now - 1, ts + rnd.nextLong(2 * 86_400_000L));
                        String creditedLink = rnd.nextInt(10) == 0 ? null : linkId(link); // 10% unattributed
                        String customer = "cus_" + n;
                        if (rnd.nextInt(5) < 3) {
                            lead.setString(1, "l" + n);
                            lead.setString(2, wsId);
                            lead.setString(3, customer);
                            lead.setString(4, clickId);
                            lead.setString(5, creditedLink);
                            lead.setLong(6, cts);
                            lead.addBatch();
                        } else {
                            long amount = 500 + rnd.nextInt(20_000);
                            sale.setString(1, "s" + n);
                            sale.setString(2, wsId);
                            sale.setString(3, customer);
                            sale.setString(4, clickId);
                            sale.setString(5, creditedLink);
                            sale.setLong(6, amount);
                            sale.setLong(7, amount);
                            sale.setLong(8, cts);
                            sale.addBatch();
                        }
                        conv++;
                    }
                    if ((n + 1) % 50_000 == 0 || n == clicks - 1) {
                        click.executeBatch();
                        lead.executeBatch();
                        sale.executeBatch();
                        c.commit();
                    }
                    if ((n + 1) % 1_000_000 == 0) {
                        System.err.printf("loaded %,d clicks, %,d conversions (%.0f s)%n", n + 1, conv,
                                (System.nanoTime() - t0) / 1e9);
                    }
                }
                click.close();
                lead.close();
                sale.close();
                System.out.println("CONVERSIONS=" + conv);
            }
            double load = (System.nanoTime() - t0) / 1e9;
            System.out.println("API_KEY=" + ws.apiKey());
            System.out.printf("LOAD_SECONDS=%.1f%n", load);
            long t1 = System.nanoTime();
            long rows = new RollupBuilder(db).catchUp();
            System.out.printf("CATCHUP_SECONDS=%.1f%n", (System.nanoTime() - t1) / 1e9);
            System.out.println("CATCHUP_ROWS=" + rows);
            db.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
    }

    static String linkId(int i) {
        return String.format("link_%011d", i);
    }

    /** A skewed pick in [0, n): a few values take most of the traffic. */
    static int zipf(SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        return Math.min(n - 1, (int) (n * u * u * u));
    }
}
