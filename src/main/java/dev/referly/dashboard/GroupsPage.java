package dev.referly.dashboard;

import static dev.referly.dashboard.Html.esc;

import dev.referly.programs.AuditActor;
import dev.referly.programs.GroupService;
import dev.referly.programs.GroupView;
import dev.referly.programs.RewardService;
import dev.referly.programs.StoredReward;
import dev.referly.rewards.Reward;
import dev.referly.rewards.RewardDescriber;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.RewardParser;
import dev.referly.shared.ApiException;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Groups and their rewards. Each reward is edited in a form whose plain-language preview
 * ("30% of every sale for 12 months") updates as it is typed; saving goes through the
 * RewardService like PUT /groups/{id}/rewards/{event}, so the audit log records who changed what.
 */
final class GroupsPage implements Dashboard.Page {
    private final GroupService groups;
    private final RewardService rewards;
    private final WorkspaceService workspaces;

    GroupsPage(GroupService groups, RewardService rewards, WorkspaceService workspaces) {
        this.groups = groups;
        this.rewards = rewards;
        this.workspaces = workspaces;
    }

    @Override
    public void register(Dashboard.Routes routes) {
        routes.get("/dashboard/groups", this::show);
        routes.post("/dashboard/groups/{id}/rewards/{event}", this::save);
        routes.post("/dashboard/groups/{id}/rewards/{event}/delete", this::remove);
        routes.post("/dashboard/groups/{id}/rewards/{event}/preview", this::preview);
    }

    static AuditActor actor(Account account) {
        return new AuditActor("user", account.id(), null);
    }

    private void show(Web web) {
        String currency = workspaces.get(web.ws()).currency();
        StringBuilder body = new StringBuilder("<p>Each group's partners earn its rewards. Changes apply to new"
                + " commissions from the moment they are saved.</p>");
        for (GroupView g : groups.list(web.ws(), 1, GroupService.MAX_PAGE_SIZE)) {
            String gid = esc(g.group().id());
            body.append("<section class=\"card\" id=\"group-").append(gid).append("\" aria-labelledby=\"gh-").append(gid)
                    .append("\"><h2 id=\"gh-").append(gid).append("\">").append(esc(g.group().name()))
                    .append(" <small>").append(esc(g.group().slug())).append(" · ").append(g.partnersCount())
                    .append(g.partnersCount() == 1 ? " partner" : " partners").append(" · holding period ")
                    .append(g.group().holdingPeriodDays()).append(" days</small></h2><div class=\"rewards\">");
            for (RewardEvent event : RewardEvent.values()) {
                body.append(editor(web, g, event, g.rewards().get(event), currency));
            }
            body.append("</div></section>");
        }
        web.html(200, Layout.page(web, "/dashboard/groups", "Groups & rewards", body.toString()));
    }

    private static String editor(Web web, GroupView g, RewardEvent event, StoredReward stored, String currency) {
        String ev = event.apiName();
        String prefix = esc(g.group().id() + "-" + ev);
        Map<String, String> v = stored == null ? Map.of("type", ev.equals("sale") ? "percentage" : "flat", "amount", "",
                "maxDuration", "", "description", "", "modifiers", "") : RewardForm.values(stored.reward(), currency);
        String action = "/dashboard/groups/" + esc(g.group().id()) + "/rewards/" + ev;
        String current = stored == null ? "No " + ev + " reward." : describe(stored.reward(), currency);
        StringBuilder f = new StringBuilder("<form method=\"post\" class=\"reward stack\" action=\"").append(action)
                .append("\" data-preview=\"").append(action).append("/preview\"><fieldset><legend>")
                .append(cap(ev)).append(" reward</legend>").append(Html.csrf(web.csrf()))
                .append("<p class=\"preview\" id=\"pv-").append(prefix).append("\" aria-live=\"polite\">")
                .append(esc(current)).append("</p>");
        if (event == RewardEvent.SALE) {
            f.append("<label for=\"t-").append(prefix).append("\">Type</label><select id=\"t-").append(prefix)
                    .append("\" name=\"type\">").append(Html.options(List.of(new String[] {"percentage", "Percentage of the sale"},
                            new String[] {"flat", "Flat amount per sale"}), v.get("type"))).append("</select>");
        } else {
            f.append("<input type=\"hidden\" name=\"type\" value=\"flat\">");
        }
        f.append("<label for=\"a-").append(prefix).append("\">Amount (").append(event == RewardEvent.SALE
                        ? "percent, or " + esc(currency.toUpperCase()) + " for flat" : esc(currency.toUpperCase()))
                .append(")</label><input id=\"a-").append(prefix).append("\" name=\"amount\" inputmode=\"decimal\" value=\"")
                .append(esc(v.get("amount"))).append("\">");
        if (event == RewardEvent.SALE) {
            f.append("<label for=\"d-").append(prefix).append("\">Months it keeps paying (0: first sale only; empty: lifetime)")
                    .append("</label><input id=\"d-").append(prefix).append("\" name=\"maxDuration\" inputmode=\"numeric\" value=\"")
                    .append(esc(v.get("maxDuration"))).append("\">");
        }
        f.append("<label for=\"s-").append(prefix).append("\">Description (optional)</label><input id=\"s-").append(prefix)
                .append("\" name=\"description\" maxlength=\"").append(RewardParser.MAX_DESCRIPTION).append("\" value=\"")
                .append(esc(v.get("description"))).append("\">")
                .append("<details><summary>Modifiers (JSON)</summary><label for=\"m-").append(prefix)
                .append("\">Modifiers, as in the API</label><textarea id=\"m-").append(prefix)
                .append("\" name=\"modifiers\" rows=\"4\">").append(esc(v.get("modifiers"))).append("</textarea></details>")
                .append("<button type=\"submit\">Save ").append(ev).append(" reward</button></fieldset></form>");
        if (stored != null) {
            f.append(Html.postButton(action + "/delete", web.csrf(), "Remove " + ev + " reward", "link danger"));
        }
        return "<div class=\"reward-box\">" + f + "</div>";
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The base terms, then each modifier on its own line. */
    static String describe(Reward r, String currency) {
        StringBuilder b = new StringBuilder(RewardDescriber.describe(r, currency));
        for (int i = 0; i < r.modifiers().size(); i++) {
            b.append("; ").append(RewardDescriber.describeModifier(r, i, currency));
        }
        return b.toString();
    }

    private static RewardEvent event(String name) {
        for (RewardEvent e : RewardEvent.values()) {
            if (e.apiName().equals(name)) {
                return e;
            }
        }
        throw ApiException.notFound("No such reward event: " + name);
    }

    private void save(Web web) {
        RewardEvent event = event(web.param("event"));
        String currency = workspaces.get(web.ws()).currency();
        StoredReward saved = rewards.put(web.ws(), actor(web.account()), web.param("id"), event,
                RewardForm.body(event, web.form, currency));
        web.redirect("/dashboard/groups#group-" + saved.groupId(), "Saved: " + describe(saved.reward(), currency));
    }

    private void remove(Web web) {
        RewardEvent event = event(web.param("event"));
        rewards.delete(web.ws(), actor(web.account()), web.param("id"), event);
        web.redirect("/dashboard/groups", "The " + event.apiName() + " reward was removed.");
    }

    /** The plain-language terms of the form as typed, without saving (the editor's live preview). */
    private void preview(Web web) {
        RewardEvent event = event(web.param("event"));
        String currency = workspaces.get(web.ws()).currency();
        String text;
        int status = 200;
        try {
            text = describe(RewardParser.parse(event, RewardForm.body(event, web.form, currency), "rw_preview"), currency);
        } catch (ApiException e) {
            status = 422;
            text = e.getMessage();
        }
        Web.secureHeaders(web.res);
        web.res.status(io.helidon.http.Status.create(status));
        web.res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        web.res.send(text.getBytes(StandardCharsets.UTF_8));
    }
}
