package dev.referly.embed;

import dev.referly.programs.PartnerLinkInput;
import dev.referly.programs.PartnerService;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import dev.referly.shared.FormEncoding;
import dev.referly.shared.Ids;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded referral dashboard's pages: GET /embed/referrals?token=... and its link form.
 * Meant for an iframe on the company's app: framing is allowed, the token (in the URL) is never
 * sent on as a Referer, and every request counts against the token's rate limit.
 */
final class EmbedRoutes {
    private final EmbedTokens tokens;
    private final ReferralSummary summary;
    private final PartnerService partners;

    EmbedRoutes(EmbedTokens tokens, ReferralSummary summary, PartnerService partners) {
        this.tokens = tokens;
        this.summary = summary;
        this.partners = partners;
    }

    void register(HttpRules rules) {
        rules.get("/embed/referrals", this::page).post("/embed/referrals/links", this::createLink);
    }

    private void page(ServerRequest req, ServerResponse res) {
        Map<String, String> q = new HashMap<>();
        req.query().names().forEach(n -> q.put(n, req.query().first(n).orElse(null)));
        String nonce = Ids.randomAlphanumeric(22);
        Theme theme = Theme.of(q.get("theme"), q.get("accentColor"), q.get("backgroundColor"));
        try {
            EmbedTokens.Access access = tokens.use(q.get("token"));
            String message = "1".equals(q.get("created")) ? "Your new link is ready." : null;
            send(res, 200, nonce, EmbedPage.render(summary.of(access.workspaceId(), access.partnerId()), theme,
                    q.get("token"), nonce, message, null));
        } catch (ApiException e) {
            fail(res, e, nonce);
        }
    }

    private void createLink(ServerRequest req, ServerResponse res) {
        String nonce = Ids.randomAlphanumeric(22);
        Map<String, String> form;
        try {
            form = form(req.content().hasEntity() ? req.content().as(String.class) : "");
        } catch (ApiException e) {
            fail(res, e, nonce);
            return;
        }
        Theme theme = Theme.of(form.get("theme"), form.get("accentColor"), form.get("backgroundColor"));
        EmbedTokens.Access access;
        try {
            access = tokens.use(form.get("token"));
        } catch (ApiException e) {
            fail(res, e, nonce);
            return;
        }
        try {
            Map<String, Object> body = new HashMap<>();
            body.put("partnerId", access.partnerId());
            body.put("url", form.get("url"));
            body.put("key", form.get("key"));
            partners.createLink(access.workspaceId(), PartnerLinkInput.parse(body));
            res.status(303);
            res.header(HeaderNames.LOCATION, "/embed/referrals?token="
                    + URLEncoder.encode(form.get("token"), StandardCharsets.UTF_8) + theme.query() + "&created=1");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send();
        } catch (ApiException e) {
            // The partner's own mistake (a taken key, a bad URL, the group's link limit): say so on the page.
            send(res, e.code().status(), nonce, EmbedPage.render(summary.of(access.workspaceId(), access.partnerId()),
                    theme, form.get("token"), nonce, null, e.getMessage()));
        }
    }

    private static void fail(ServerResponse res, ApiException e, String nonce) {
        if (e instanceof EmbedTokens.RateLimited limited) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        }
        int status = e.code() == ErrorCode.NOT_FOUND ? 401 : e.code().status();
        send(res, status, nonce, EmbedPage.errorPage(status, e.getMessage(), nonce));
    }

    private static void send(ServerResponse res, int status, String nonce, String html) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Content-Type-Options", "nosniff");
        // Framing by any site is the point; the token is what grants access.
        res.header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'nonce-"
                + nonce + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = FormEncoding.decode(pair.substring(eq + 1)).strip();
                out.put(FormEncoding.decode(pair.substring(0, eq)), value.isEmpty() ? null : value);
            }
        }
        return out;
    }

}
