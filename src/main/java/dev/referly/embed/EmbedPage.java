package dev.referly.embed;

import dev.referly.credits.CreditReward;
import dev.referly.links.Link;
import dev.referly.links.LinkField;
import dev.referly.programs.Discount;
import dev.referly.programs.StoredReward;
import dev.referly.referrals.Referral;
import dev.referly.rewards.RewardDescriber;
import dev.referly.rewards.RewardEvent;
import dev.referly.rewards.TooltipMarkdown;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The embedded referral dashboard's HTML: server-rendered, one small inline script for copying. */
final class EmbedPage {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private EmbedPage() {}

    static String render(ReferralSummary.View v, Theme theme, String token, String nonce, String message, String error) {
        StringBuilder b = new StringBuilder(8192);
        String name = v.partner().partner().name();
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Referral dashboard</title><style nonce=\"").append(nonce).append("\">")
                .append(theme.css()).append(CSS).append("</style></head><body><main>");
        b.append("<h1>Your referrals</h1><p class=\"muted\">Signed in as ").append(esc(name)).append("</p>");
        if (message != null) {
            b.append("<p class=\"note ok\" role=\"status\">").append(esc(message)).append("</p>");
        }
        if (error != null) {
            b.append("<p class=\"note err\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        share(b, v);
        rewards(b, v);
        stats(b, v);
        if (!v.creditsOnly()) {
            earnings(b, v);
        }
        credits(b, v);
        referrals(b, v);
        links(b, v, token, theme);
        b.append("</main><script nonce=\"").append(nonce).append("\">").append(SCRIPT).append("</script></body></html>");
        return b.toString();
    }

    private static void share(StringBuilder b, ReferralSummary.View v) {
        String link = v.partner().referralLink();
        if (link == null && !v.links().isEmpty()) {
            link = shortLink(v.links().get(0));
        }
        String code = v.partner().referralCode();
        b.append("<section aria-labelledby=\"share\"><h2 id=\"share\">Share your link</h2>");
        if (link != null) {
            copyRow(b, "ref-link", "Your referral link", link);
        }
        if (code != null) {
            copyRow(b, "ref-code", "Your referral code", code);
        }
        if (link == null && code == null) {
            b.append("<p>No referral link yet.</p>");
        }
        b.append("</section>");
    }

    private static void copyRow(StringBuilder b, String id, String label, String value) {
        b.append("<div class=\"copy\"><label for=\"").append(id).append("\">").append(label).append("</label>")
                .append("<div class=\"row\"><input id=\"").append(id).append("\" readonly value=\"").append(esc(value))
                .append("\"><button type=\"button\" data-copy=\"").append(id).append("\">Copy</button></div></div>");
    }

    private static void rewards(StringBuilder b, ReferralSummary.View v) {
        b.append("<section aria-labelledby=\"rewards\"><h2 id=\"rewards\">What you earn</h2><ul class=\"rewards\">");
        boolean any = false;
        for (RewardEvent e : List.of(RewardEvent.SALE, RewardEvent.LEAD, RewardEvent.CLICK)) {
            StoredReward r = v.rewards().get(e);
            if (r == null) {
                continue;
            }
            any = true;
            String text = r.reward().description() != null && !r.reward().description().isBlank()
                    ? r.reward().description() : RewardDescriber.describe(r.reward(), v.currency());
            b.append("<li><strong>").append(esc(text)).append("</strong>");
            tooltip(b, TooltipMarkdown.toHtml(r.reward().tooltipDescription()));
            b.append("</li>");
        }
        CreditReward c = v.creditReward();
        if (c != null) {
            any = true;
            b.append("<li><strong>").append(esc(c.description() != null ? c.description() : creditText(c)))
                    .append("</strong></li>");
        }
        Discount d = v.discount();
        if (d != null) {
            any = true;
            b.append("<li class=\"discount\">Your friends get <strong>").append(esc(discountText(d, v.currency())))
                    .append("</strong>");
            tooltip(b, d.description() == null ? null : TooltipMarkdown.toHtml(d.description()));
            b.append("</li>");
        }
        if (!any) {
            b.append("<li>No rewards are set up yet.</li>");
        }
        b.append("</ul></section>");
    }

    private static void tooltip(StringBuilder b, String safeHtml) {
        if (safeHtml != null && !safeHtml.isBlank()) {
            b.append(" <details class=\"tip\"><summary>Details</summary><div class=\"tip-body\">").append(safeHtml)
                    .append("</div></details>");
        }
    }

    static String discountText(Discount d, String currency) {
        String amount = Discount.PERCENTAGE.equals(d.type()) ? RewardDescriber.percent((int) d.amount()) + " off"
                : RewardDescriber.money(d.amount(), currency) + " off";
        Integer months = d.maxDuration();
        if (months == null) {
            return amount + " for life";
        }
        if (months == 0) {
            return amount + " their first purchase";
        }
        return amount + " for " + months + (months == 1 ? " month" : " months");
    }

    static String creditText(CreditReward c) {
        String amount = amount(c.amount(), c.unit());
        String who = switch (c.recipient()) {
            case CreditReward.REFERRER -> "for you";
            case CreditReward.REFERRED -> "for your friend";
            default -> "for you and your friend";
        };
        String when = switch (c.trigger()) {
            case CreditReward.LEAD -> "signs up";
            case CreditReward.QUALIFIED_LEAD -> "qualifies";
            case CreditReward.EVERY_SALE -> "pays";
            default -> "makes a first payment";
        };
        return amount + " " + who + " when a friend " + when;
    }

    /** An amount of credit: free days or months, credits, or money in minor units. */
    static String amount(long amount, String unit) {
        return switch (unit) {
            case "months" -> amount + (amount == 1 ? " free month" : " free months");
            case "days" -> amount + (amount == 1 ? " free day" : " free days");
            case "credits" -> amount + (amount == 1 ? " credit" : " credits");
            default -> RewardDescriber.money(amount, unit);
        };
    }

    private static void stats(StringBuilder b, ReferralSummary.View v) {
        var t = v.partner().totals();
        b.append("<section aria-labelledby=\"stats\"><h2 id=\"stats\">Your results</h2><dl class=\"stats\">");
        stat(b, "clicks", "Clicks", Long.toString(t.clicks()));
        stat(b, "leads", "Sign-ups", Long.toString(t.leads()));
        stat(b, "sales", "Sales", Long.toString(t.sales()));
        if (!v.creditsOnly()) {
            stat(b, "earnings", "Earnings", RewardDescriber.money(t.commissions(), v.currency()));
        }
        b.append("</dl>");
        chart(b, v.days());
        b.append("</section>");
    }

    private static void stat(StringBuilder b, String id, String label, String value) {
        b.append("<div><dt>").append(label).append("</dt><dd id=\"stat-").append(id).append("\">").append(esc(value))
                .append("</dd></div>");
    }

    /** Clicks as bars and sign-ups/sales as lines over the last 30 days (UTC). */
    private static void chart(StringBuilder b, List<ReferralSummary.Day> days) {
        int w = 600;
        int h = 120;
        long max = 1;
        long clicks = 0;
        long leads = 0;
        long sales = 0;
        for (ReferralSummary.Day d : days) {
            max = Math.max(max, Math.max(d.clicks(), Math.max(d.leads(), d.sales())));
            clicks += d.clicks();
            leads += d.leads();
            sales += d.sales();
        }
        int n = Math.max(1, days.size());
        double step = (double) w / n;
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(w).append(' ').append(h + 4)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Last ").append(days.size())
                .append(" days: ").append(clicks).append(" clicks, ").append(leads).append(" sign-ups, ")
                .append(sales).append(" sales\">");
        StringBuilder leadLine = new StringBuilder();
        StringBuilder saleLine = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            ReferralSummary.Day d = days.get(i);
            double bh = (double) d.clicks() * h / max;
            b.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                    i * step + 1, h - bh + 2, Math.max(1, step - 2), bh));
            double x = i * step + step / 2;
            leadLine.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, h - (double) d.leads() * h / max + 2));
            saleLine.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, h - (double) d.sales() * h / max + 2));
        }
        b.append("<polyline class=\"l-leads\" points=\"").append(leadLine).append("\"/>")
                .append("<polyline class=\"l-sales\" points=\"").append(saleLine).append("\"/></svg>")
                .append("<p class=\"legend\"><span class=\"k bar\"></span>Clicks <span class=\"k l-leads\"></span>Sign-ups ")
                .append("<span class=\"k l-sales\"></span>Sales · last ").append(days.size()).append(" days</p>");
    }

    private static void earnings(StringBuilder b, ReferralSummary.View v) {
        b.append("<section aria-labelledby=\"earn\"><h2 id=\"earn\">Earnings by status</h2>");
        if (v.earningsByStatus().isEmpty()) {
            b.append("<p class=\"muted\">No earnings yet.</p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>");
            for (Map.Entry<String, Long> e : v.earningsByStatus().entrySet()) {
                b.append("<tr><td>").append(esc(capitalize(e.getKey()))).append("</td><td class=\"num\" id=\"earn-")
                        .append(esc(e.getKey())).append("\">").append(esc(RewardDescriber.money(e.getValue(), v.currency())))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");
    }

    private static void credits(StringBuilder b, ReferralSummary.View v) {
        if (v.creditReward() == null && v.credits().isEmpty()) {
            return;
        }
        b.append("<section aria-labelledby=\"credits\"><h2 id=\"credits\">Your credits</h2><ul class=\"credits\">");
        if (v.credits().isEmpty()) {
            b.append("<li id=\"credit-none\">Nothing earned yet.</li>");
        }
        for (Map.Entry<String, Long> e : v.credits().entrySet()) {
            b.append("<li id=\"credit-").append(esc(e.getKey())).append("\">").append(esc(amount(e.getValue(), e.getKey())))
                    .append("</li>");
        }
        b.append("</ul></section>");
    }

    private static void referrals(StringBuilder b, ReferralSummary.View v) {
        b.append("<section aria-labelledby=\"recent\"><h2 id=\"recent\">Recent referrals</h2>");
        if (v.referrals().isEmpty()) {
            b.append("<p class=\"muted\">No referrals yet: share your link.</p></section>");
            return;
        }
        b.append("<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        for (Referral r : v.referrals()) {
            b.append("<tr class=\"referral\"><td>").append(DATE.format(Instant.ofEpochMilli(r.createdAt())))
                    .append("</td><td>").append(esc(capitalize(r.status()))).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    private static void links(StringBuilder b, ReferralSummary.View v, String token, Theme theme) {
        b.append("<section aria-labelledby=\"links\"><h2 id=\"links\">Your links</h2><table><thead><tr>")
                .append("<th scope=\"col\">Link</th><th scope=\"col\">Goes to</th><th scope=\"col\" class=\"num\">Clicks</th>")
                .append("</tr></thead><tbody>");
        for (Link l : v.links()) {
            Object clicks = l.get(LinkField.CLICKS);
            b.append("<tr class=\"link\"><td>").append(esc(shortLink(l))).append("</td><td class=\"url\">")
                    .append(esc(l.url())).append("</td><td class=\"num\">").append(clicks == null ? "0" : esc(clicks.toString()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        Integer max = v.maxLinks();
        if (max != null && v.links().size() >= max) {
            b.append("<p class=\"muted\" id=\"link-limit\">You have all ").append(max)
                    .append(" links your program allows.</p>");
        } else {
            b.append("<form method=\"post\" action=\"/embed/referrals/links\" class=\"new-link\">")
                    .append("<input type=\"hidden\" name=\"token\" value=\"").append(esc(token)).append("\">")
                    .append(theme.hiddenFields())
                    .append("<label for=\"new-url\">Destination URL</label><input id=\"new-url\" name=\"url\" type=\"url\" ")
                    .append("required placeholder=\"https://\">")
                    .append("<label for=\"new-key\">Short link name (optional)</label><input id=\"new-key\" name=\"key\" ")
                    .append("pattern=\"[A-Za-z0-9_\\-]{1,60}\">")
                    .append("<button type=\"submit\">Create link</button>");
            if (max != null) {
                b.append("<p class=\"muted\">").append(v.links().size()).append(" of ").append(max).append(" links used.</p>");
            }
            b.append("</form>");
        }
        b.append("</section>");
    }

    static String shortLink(Link l) {
        String d = l.domain();
        boolean local = d.startsWith("localhost") || d.startsWith("127.") || d.contains(".localhost") || d.contains(":");
        return (local ? "http://" : "https://") + d + "/" + l.key();
    }

    static String errorPage(int status, String message, String nonce) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Referral dashboard</title>"
                + "<style nonce=\"" + nonce + "\">body{font:15px system-ui,sans-serif;margin:2rem;color:#1f2328}</style>"
                + "</head><body><main><h1>Referral dashboard unavailable</h1><p role=\"alert\">" + esc(message)
                + "</p><p>(" + status + ")</p></main></body></html>";
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;
            background:var(--bg);color:var(--fg)}main{max-width:760px;margin:0 auto;padding:16px}
            h1{font-size:1.35rem;margin:0 0 2px}h2{font-size:1.05rem;margin:0 0 10px}
            section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:14px 0}
            .muted{color:var(--muted)}label{display:block;font-weight:600;margin:8px 0 4px}
            .row{display:flex;gap:8px}input{flex:1;min-width:0;width:100%;padding:8px 10px;border:1px solid var(--line);
            border-radius:8px;background:var(--bg);color:var(--fg);font:inherit}
            button{padding:8px 14px;border:0;border-radius:8px;background:var(--accent);color:var(--on-accent);
            font:inherit;font-weight:600;cursor:pointer}button:focus-visible,input:focus-visible,summary:focus-visible{
            outline:3px solid var(--accent);outline-offset:2px}.new-link button{margin-top:10px}
            .rewards{margin:0;padding-left:18px}.rewards li{margin:4px 0}.tip{display:block;margin:2px 0 6px}
            .tip summary{cursor:pointer;color:var(--link);font-size:.9em}.tip-body{font-size:.92em;color:var(--muted)}
            .stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin:0 0 10px}
            .stats div{border:1px solid var(--line);border-radius:8px;padding:8px 10px}
            dt{color:var(--muted);font-size:.85em}dd{margin:0;font-size:1.3rem;font-weight:700}
            .chart{width:100%;height:130px}.bar{fill:var(--accent);opacity:.35}
            polyline{fill:none;stroke-width:2}.l-leads{stroke:#8250df}.l-sales{stroke:#1a7f37}
            .legend{font-size:.85em;color:var(--muted);margin:4px 0 0}.k{display:inline-block;width:10px;height:10px;
            border-radius:2px;margin:0 4px 0 8px}.k.bar{background:var(--accent)}.k.l-leads{background:#8250df}
            .k.l-sales{background:#1a7f37}table{width:100%;border-collapse:collapse}th,td{text-align:left;
            padding:6px 4px;border-bottom:1px solid var(--line)}.num{text-align:right}
            .url{word-break:break-all;color:var(--muted)}.note{padding:8px 12px;border-radius:8px}
            .ok{background:rgba(26,127,55,.15)}.err{background:rgba(207,34,46,.15)}
            .credits{margin:0;padding-left:18px;font-size:1.1rem;font-weight:600}
            """;

    private static final String SCRIPT = """
            document.querySelectorAll('[data-copy]').forEach(function (b) {
              b.addEventListener('click', function () {
                var input = document.getElementById(b.getAttribute('data-copy'));
                var done = function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 2000); };
                if (navigator.clipboard && navigator.clipboard.writeText) {
                  navigator.clipboard.writeText(input.value).then(done, function () { input.select(); document.execCommand('copy'); done(); });
                } else { input.select(); document.execCommand('copy'); done(); }
              });
            });""";
}
