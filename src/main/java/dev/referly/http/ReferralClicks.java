package dev.referly.http;

import dev.referly.clicks.ClickRecorder;
import dev.referly.clicks.Visit;
import dev.referly.redirect.TrustedProxies;
import dev.referly.referrals.ReferralService;
import dev.referly.referrals.ReferralSettings;
import dev.referly.shared.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Attribution by referral code: POST /track/click {ref: CODE} records a click on the code's
 * partner link through the ordinary click capture (the visitor's IP and User-Agent, the repeat
 * window), and a code sent to /track/lead or /track/sale records a click of its own. Either way
 * the click is remembered with the code and the visitor's salted IP hash for the anti-abuse rules.
 */
final class ReferralClicks {
    private static final long COMMIT_WAIT_SECONDS = 10;

    private final ReferralService referrals;
    private final ClickRecorder clicks;
    private final TrustedProxies proxies;
    private final Authenticator auth;

    ReferralClicks(ReferralService referrals, ClickRecorder clicks, TrustedProxies proxies, Authenticator auth) {
        this.referrals = referrals;
        this.clicks = clicks;
        this.proxies = proxies;
        this.auth = auth;
    }

    /** POST /track/click: Dub's answer, {clickId, link, partner, discount}. */
    void click(ServerRequest req, ServerResponse res) {
        String ws = auth.trackWorkspaceId(req, res);
        Map<String, Object> body = Json.object(req);
        ReferralSettings settings = referrals.settings(ws);
        String code = text(body, "ref");
        code = code != null ? code : text(body, "via");
        code = code != null ? code : text(body, settings.paramName());
        if (code == null) {
            throw ApiException.invalid("ref", "is required (the referral code from ?" + settings.paramName() + "=)");
        }
        ReferralService.CodeTarget target = referrals.target(ws, code);
        String ip = clientIp(req);
        String ua = req.headers().first(HeaderNames.USER_AGENT).orElse(null);
        String referer = text(body, "referrer");
        Visit visit = new Visit(target.linkId(), ws, target.url(), ip, ua, referer, Map.of(), null);
        String clickId = clicks.record(visit).map(ReferralClicks::await).orElse(null);
        if (clickId != null) {
            referrals.recordVisit(ws, clickId, target.code(), clicks.ipHash(ip));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clickId", clickId);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("id", target.linkId());
        link.put("domain", target.domain());
        link.put("key", target.key());
        link.put("url", target.url());
        json.put("link", link);
        Map<String, Object> partner = new LinkedHashMap<>();
        partner.put("id", target.partnerId());
        partner.put("name", target.partnerName());
        partner.put("image", target.partnerImage());
        json.put("partner", partner);
        ReferralService.Discount d = target.discount();
        if (d == null) {
            json.put("discount", null);
        } else {
            Map<String, Object> discount = new LinkedHashMap<>();
            discount.put("id", d.id());
            discount.put("amount", d.type().equals("percentage") ? d.amount() / 100.0 : d.amount());
            discount.put("type", d.type());
            discount.put("maxDuration", d.maxDuration());
            discount.put("couponId", d.couponId());
            discount.put("couponTestId", d.couponTestId());
            json.put("discount", discount);
        }
        json.put("referralCode", target.code());
        Json.send(res, 200, json);
    }

    /** A click of its own for a code typed at signup or checkout; its id. */
    String codeClick(ServerRequest req, String ws, String code) {
        ReferralService.CodeTarget target = referrals.target(ws, code);
        Visit visit = new Visit(target.linkId(), ws, target.url(), null,
                req.headers().first(HeaderNames.USER_AGENT).orElse(null), null, Map.of(), null);
        String clickId = await(clicks.recordEach(visit));
        referrals.recordVisit(ws, clickId, target.code(), null); // a backend's call: no visitor IP
        return clickId;
    }

    private String clientIp(ServerRequest req) {
        return proxies.clientIp(RedirectRoutes.peerIp(req), req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(null));
    }

    private static String await(java.util.concurrent.CompletableFuture<String> stored) {
        try {
            return stored.get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The click could not be stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing a click", e);
        }
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v != null && !(v instanceof String)) {
            throw ApiException.invalid(field, "must be a string");
        }
        return v == null || ((String) v).isBlank() ? null : ((String) v).strip();
    }

}
