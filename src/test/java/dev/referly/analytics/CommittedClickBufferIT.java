package dev.referly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.clicks.Click;
import dev.referly.clicks.ClickRows;
import dev.referly.testing.ServerPerStore;
import dev.referly.testing.UserAgents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On SQLite the rollup builder folds clicks from memory with {@link Dimension#valueOf}; the
 * raw queries and the other store use {@link Dimension#sql()}. For stored clicks of every kind
 * the redirect makes, both must give the same value for every rolled-up dimension.
 */
class CommittedClickBufferIT extends ServerPerStore {

    @Test
    void inMemoryValuesMatchTheSqlOfEveryDimension() {
        api().post("/links", Map.of("url", "https://example.com/p?x=1", "key", "dims-" + store, "trackConversion", true));
        String[][] visits = {
                {"81.2.69.142", UserAgents.SAFARI_IPHONE, "https://www.google.com/search?q=a", "?utm_source=news&utm_medium=mail&utm_campaign=fall&utm_term=t&utm_content=c&qr=1"},
                {"203.0.113.77", UserAgents.CHROME_MAC, null, ""},
                {"2001:db8::9", "curl/8.5", "not a url", "?utm_source=%F0%9F%98%80"},
                {"81.2.69.160", UserAgents.CHROME_MAC, "https://t.co/x", "?utm_campaign="},
        };
        for (String[] v : visits) {
            Map<String, String> headers = new HashMap<>(Map.of("X-Forwarded-For", v[0], "User-Agent", v[1]));
            if (v[2] != null) {
                headers.put("Referer", v[2]);
            }
            assertThat(server.visitor().send("GET", "/dims-" + store + v[3], null, headers).status()).isEqualTo(302);
        }
        StringBuilder sql = new StringBuilder("SELECT c.*");
        List<Dimension> dims = new ArrayList<>();
        for (Dimension d : Dimension.ROLLED_UP) {
            if (d.readsClick()) {
                sql.append(", ").append(d.sql()).append(" AS d").append(dims.size());
                dims.add(d);
            }
        }
        sql.append(" FROM clicks c WHERE c.workspace_id = :ws ORDER BY c.seq");
        int[] rows = {0};
        server.app().database().jdbi().useHandle(h -> h.createQuery(sql.toString()).bind("ws", server.workspaceId())
                .map((rs, ctx) -> {
                    Click click = ClickRows.read(rs, "");
                    for (int i = 0; i < dims.size(); i++) {
                        assertThat(dims.get(i).valueOf(click)).as(dims.get(i) + " of " + click.id())
                                .isEqualTo(rs.getString("d" + i));
                    }
                    rows[0]++;
                    return click;
                }).list());
        assertThat(rows[0]).isGreaterThanOrEqualTo(visits.length);
    }
}
