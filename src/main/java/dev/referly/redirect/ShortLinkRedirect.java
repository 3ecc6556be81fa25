package dev.referly.redirect;

import dev.referly.clicks.ClickRecorder;
import dev.referly.clicks.Visit;
import dev.referly.links.LinkInput;
import dev.referly.links.LinkResolver;
import dev.referly.links.RedirectTarget;
import dev.referly.shared.NulCharacters;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The short-link redirect, whichever HTTP server received it: a cached lookup, the click
 * handed to the writer, and (in durable mode) an answer only once the click is committed.
 * Both the redirect front ({@code http.front}) and the Helidon route answer through here.
 */
public final class ShortLinkRedirect {
    private static final Logger LOG = Logger.getLogger(ShortLinkRedirect.class.getName());
    private static final String ROOT_KEY = "_root";
    public static final String NO_TRACK = "dub-no-track";
    // dub_id is only ever the server's to set: a visitor's own would be taken for a real click
    // by the company's page (even on a link that passes no click id).
    private static final Set<String> CONTROL_PARAMS = Set.of("qr", NO_TRACK, "dub_client_reference_id", "dub_id");

    private final LinkResolver resolver;
    private final ClickRecorder clicks;
    private final TrustedProxies proxies;
    private final String defaultDomain;
    private final Clock clock;
    private final ServerCookies cookies;

    public ShortLinkRedirect(LinkResolver resolver, ClickRecorder clicks, TrustedProxies proxies, String defaultDomain,
            Clock clock, ServerCookies cookies) {
        this.resolver = resolver;
        this.clicks = clicks;
        this.proxies = proxies;
        this.defaultDomain = defaultDomain;
        this.clock = clock;
        this.cookies = cookies;
    }

    /** False for paths under the API's and pages' first segments (links may not use them, see LinkInput). */
    public static boolean isShortLinkPath(String rawPath) {
        if (rawPath.length() <= 1) {
            return true;
        }
        int end = rawPath.indexOf('/', 1);
        return !LinkInput.isReservedFirstSegment(rawPath.substring(1, end < 0 ? rawPath.length() : end));
    }

    /**
     * The answer: already complete unless a click is being stored, in which case it completes
     * (on the click writer's thread) once the click is durable or could not be stored.
     */
    public CompletableFuture<RedirectAnswer> answer(RedirectRequest req) {
        return answer(req, null);
    }

    /**
     * As {@link #answer(RedirectRequest)}, but an answer that waits for its click is built on
     * {@code finishOn} rather than on the click writer's thread, which every redirect waits for.
     */
    public CompletableFuture<RedirectAnswer> answer(RedirectRequest req, Executor finishOn) {
        String host = req.host() == null || req.host().isEmpty() ? defaultDomain : req.host().toLowerCase(Locale.ROOT);
        String key = key(req.rawPath());
        // PostgreSQL text cannot hold NUL: no link has such a key, and no click can store such a query.
        if (NulCharacters.in(key)) {
            return CompletableFuture.completedFuture(RedirectAnswer.notFound());
        }
        if (NulCharacters.inQuery(req.rawQuery())) {
            return CompletableFuture.completedFuture(RedirectAnswer.badRequest());
        }
        if (finishOn != null && !lookupCached(host, key)) {
            // A link not in memory is read from the database: not on the caller's thread, which
            // serves other connections meanwhile. The answer still completes on finishOn.
            return CompletableFuture.supplyAsync(() -> answerNow(req, host, key, finishOn), DATABASE_READS)
                    .thenCompose(answer -> answer)
                    .handleAsync((answer, failure) -> failure == null ? answer : unavailable(failure), finishOn);
        }
        return answerNow(req, host, key, finishOn);
    }

    private static final Executor DATABASE_READS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private static RedirectAnswer unavailable(Throwable failure) {
        LOG.log(Level.SEVERE, "Redirect failed", failure);
        return RedirectAnswer.unavailable();
    }

    /** Whether {@link #lookup} needs no database read. */
    private boolean lookupCached(String host, String key) {
        if (!resolver.isCached(host, key)) {
            return false;
        }
        // A miss on the requested host falls back to the default domain, filtered by the host's owner:
        // both must be in memory too, or the selector thread would wait on the database.
        return host.equals(defaultDomain) || resolver.resolve(host, key).isPresent()
                || (resolver.isCached(defaultDomain, key) && resolver.isOwnerCached(host));
    }

    private static boolean isRoot(String path) {
        return path.equals("/") || path.isEmpty();
    }

    private static String key(String path) {
        String key = isRoot(path) ? ROOT_KEY : QueryString.decode(path.substring(1));
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    }

    private CompletableFuture<RedirectAnswer> answerNow(RedirectRequest req, String host, String key, Executor finishOn) {
        boolean root = isRoot(req.rawPath());
        Optional<RedirectTarget> found = lookup(host, key);
        if (found.isEmpty() || found.get().disabled()) {
            return CompletableFuture.completedFuture(RedirectAnswer.notFound());
        }
        RedirectTarget target = found.get();
        if (target.expiredAt(clock.millis())) {
            return CompletableFuture.completedFuture(target.expiredUrl() == null ? RedirectAnswer.expired()
                    : RedirectAnswer.location(302, target.expiredUrl(), null));
        }
        List<QueryString.Pair> visitorQuery = QueryString.parse(req.rawQuery());
        Map<String, List<String>> params = QueryString.decoded(visitorQuery);
        boolean counted = !req.head() && !req.noTrackHeader() && !params.containsKey(NO_TRACK);
        if (!counted) {
            return CompletableFuture.completedFuture(destination(req, host, target, root, visitorQuery, params, null));
        }
        String ip = proxies.clientIp(req.peerIp(), req.forwardedFor());
        Visit visit = new Visit(target.linkId(), target.workspaceId(), target.url(), ip, req.userAgent(), req.referer(),
                params, req.rawQuery());
        Optional<CompletableFuture<String>> stored = clicks.record(visit);
        if (stored.isEmpty()) { // a bot: redirected, not counted
            return CompletableFuture.completedFuture(destination(req, host, target, root, visitorQuery, params, null));
        }
        BiFunction<String, Throwable, RedirectAnswer> finish = (clickId, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Click not stored for link " + target.linkId(), failure);
                return RedirectAnswer.unavailable();
            }
            return destination(req, host, target, root, visitorQuery, params, clickId);
        };
        CompletableFuture<String> click = stored.get();
        return finishOn == null || click.isDone() ? click.handle(finish) : click.handleAsync(finish, finishOn);
    }

    private RedirectAnswer destination(RedirectRequest req, String host, RedirectTarget target, boolean root,
            List<QueryString.Pair> visitorQuery, Map<String, List<String>> params, String clickId) {
        String cookie = cookies.setCookie(host, clickId, () -> "https".equalsIgnoreCase(req.forwardedProto()));
        List<QueryString.Pair> extra = List.of();
        if (clickId != null && target.passClickId()) {
            extra = params.containsKey("dub_client_reference_id")
                    ? List.of(new QueryString.Pair("client_reference_id", "dub_id_" + clickId))
                    : List.of(new QueryString.Pair("dub_id", clickId));
        }
        return RedirectAnswer.location(root ? 301 : 302, QueryString.merge(target.url(), visitorQuery, CONTROL_PARAMS, extra),
                cookie);
    }

    /**
     * The link on the requested host; hosts with no such link fall back to the default short
     * domain. A host a workspace owns falls back only to that workspace's default-domain links:
     * any workspace can pick a key there, and must not be served under another's brand.
     */
    private Optional<RedirectTarget> lookup(String host, String key) {
        Optional<RedirectTarget> found = resolver.resolve(host, key);
        if (found.isEmpty() && !host.equals(defaultDomain)) {
            Optional<String> owner = resolver.ownerOf(host);
            found = resolver.resolve(defaultDomain, key)
                    .filter(t -> owner.isEmpty() || owner.get().equals(t.workspaceId()));
        }
        return found;
    }
}
