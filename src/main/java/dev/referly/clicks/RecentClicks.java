package dev.referly.clicks;

import dev.referly.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The clicks of the last hour, newest first, read by walking the append-only table backwards. */
final class RecentClicks {
    record Recent(String id, String linkId, String visitorHash, long timestamp) {}

    private RecentClicks() {}

    static List<Recent> since(Database database, long cutoffMillis) {
        List<Recent> recent = new ArrayList<>();
        // Row order is commit order, which follows time: stop at the first click older than the
        // cutoff instead of needing an index on the timestamp (which would slow every insert).
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, link_id, visitor_hash, ts FROM clicks ORDER BY seq DESC")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long ts = rs.getLong(4);
                    if (ts < cutoffMillis) {
                        break;
                    }
                    recent.add(new Recent(rs.getString(1), rs.getString(2), rs.getString(3), ts));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read recent clicks", e);
        }
        return recent;
    }
}
