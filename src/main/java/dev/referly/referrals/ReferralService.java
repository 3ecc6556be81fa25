package dev.referly.referrals;

import dev.referly.shared.ApiException;
import dev.referly.shared.Paging;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Referral codes (vanity, deactivation), the referral list, the link settings, and attribution by code. */
public final class ReferralService {
    private static final Pattern PARAM = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Jdbi jdbi;
    private final Clock clock;

    public ReferralService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Where a code sends credit: the partner, its first link, and its group's discount if any. */
    public record CodeTarget(String code, String partnerId, String partnerName, String partnerImage, String groupId,
            String linkId, String domain, String key, String url, Discount discount) {}

    /** The group's discount, as Dub's /track/click shows it (amount in cents, or the percentage). */
    public record Discount(String id, String type, long amount, Integer maxDuration, String couponId,
            String couponTestId) {}

    /** Filters of GET /referrals; null means any. */
    public record Query(String partnerId, String tenantId, String status, int page, int pageSize) {}

    public List<Referral> list(String ws, Query q) {
        if (q.status() != null && !Referral.STATUSES.contains(q.status())) {
            throw ApiException.invalid("status", "must be one of pending, qualified, rewarded, rejected");
        }
        return jdbi.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT r.* FROM referrals r WHERE r.workspace_id = :ws");
            if (q.partnerId() != null) {
                sql.append(" AND r.partner_id = :partner");
            }
            if (q.tenantId() != null) {
                sql.append(" AND r.partner_id IN (SELECT id FROM partners WHERE workspace_id = :ws AND tenant_id = :tenant)");
            }
            if (q.status() != null) {
                sql.append(" AND r.status = :status");
            }
            sql.append(" ORDER BY r.created_at DESC, r.id DESC LIMIT :limit OFFSET :offset");
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql.toString()).bind("ws", ws)
                    .bind("partner", q.partnerId()).bind("tenant", q.tenantId()).bind("status", q.status())
                    .bind("limit", q.pageSize()).bind("offset", Paging.offset(q.page(), q.pageSize()));
            return query.map((rs, ctx) -> Referrals.read(rs)).list();
        });
    }

    // ---------------------------------------------------------------- codes

    /** The partner's active code, if any. */
    public Optional<String> code(String ws, String partnerId) {
        return jdbi.withHandle(h -> {
            requirePartner(h, ws, partnerId);
            return Optional.ofNullable(ReferralCodes.activeCodes(h, List.of(partnerId)).get(partnerId));
        });
    }

    /**
     * Gives the partner a vanity code (or, with null, a fresh generated one), deactivating the code
     * it had; 409 when another partner holds the code. Setting the code it already has changes nothing.
     */
    public String setCode(String ws, String partnerId, String vanity) {
        String wanted = vanity == null ? null : ReferralCodes.vanity(vanity);
        return jdbi.inTransaction(h -> {
            lockPartner(h, ws, partnerId);
            long now = clock.millis();
            if (wanted != null) {
                Optional<String> holder = h.createQuery("SELECT partner_id FROM referral_codes WHERE workspace_id = :ws"
                        + " AND code = :code").bind("ws", ws).bind("code", wanted).mapTo(String.class).findOne();
                if (holder.isPresent() && !holder.get().equals(partnerId)) {
                    throw taken(wanted);
                }
            }
            deactivateAll(h, ws, partnerId, wanted, now);
            if (wanted == null) {
                return ReferralCodes.assign(h, ws, partnerId, now);
            }
            if (!ReferralCodes.insert(h, ws, wanted, partnerId, now)
                    && h.createUpdate("UPDATE referral_codes SET active = TRUE, deactivated_at = NULL"
                            + " WHERE workspace_id = :ws AND code = :code AND partner_id = :partner")
                    .bind("ws", ws).bind("code", wanted).bind("partner", partnerId).execute() == 0) {
                // Another partner's transaction inserted the code after our check: it won the code.
                throw taken(wanted);
            }
            return wanted;
        });
    }

    private static ApiException taken(String code) {
        return ApiException.conflict("The referral code " + code + " is taken.");
    }

    /** Deactivates the partner's codes: they attribute nothing from now on (and stay taken). */
    public void deactivate(String ws, String partnerId) {
        jdbi.useTransaction(h -> {
            lockPartner(h, ws, partnerId);
            deactivateAll(h, ws, partnerId, null, clock.millis());
        });
    }

    private static void deactivateAll(Handle h, String ws, String partnerId, String except, long now) {
        h.createUpdate("UPDATE referral_codes SET active = FALSE, deactivated_at = :now WHERE workspace_id = :ws"
                        + " AND partner_id = :partner AND active = TRUE" + (except == null ? "" : " AND code <> :except"))
                .bind("ws", ws).bind("partner", partnerId).bind("except", except).bind("now", now).execute();
    }

    /**
     * Takes the partner's row lock before any of its codes: every change of one partner's codes
     * then runs one after the other (PostgreSQL; SQLite has one writer), so two changes can
     * neither lock each other's code rows in opposite orders (a deadlock) nor both leave their
     * code active. 404 when the workspace has no such partner.
     */
    private static void lockPartner(Handle h, String ws, String partnerId) {
        if (h.createUpdate("UPDATE partners SET updated_at = updated_at WHERE workspace_id = :ws AND id = :id")
                .bind("ws", ws).bind("id", partnerId).execute() == 0) {
            throw ApiException.notFound("Partner not found.");
        }
    }

    private static void requirePartner(Handle h, String ws, String partnerId) {
        if (h.createQuery("SELECT COUNT(*) FROM partners WHERE workspace_id = :ws AND id = :id").bind("ws", ws)
                .bind("id", partnerId).mapTo(Integer.class).one() == 0) {
            throw ApiException.notFound("Partner not found.");
        }
    }

    // ---------------------------------------------------------------- attribution by code

    /** The partner and link an active code credits; 404 for an unknown or deactivated code. */
    public CodeTarget target(String ws, String typedCode) {
        String code = ReferralCodes.normalize(typedCode);
        if (code == null) {
            throw ApiException.invalid("ref", "is required (a referral code)");
        }
        return jdbi.withHandle(h -> {
            String partnerId = ReferralCodes.partnerOf(h, ws, code)
                    .orElseThrow(() -> ApiException.notFound("Referral code not found: " + code));
            return h.createQuery("SELECT p.id, p.name, p.image, p.group_id, l.id AS link_id, l.domain, l.link_key, l.url"
                            + " FROM partners p JOIN links l ON l.partner_id = p.id WHERE p.workspace_id = :ws"
                            + " AND p.id = :partner AND l.disabled_at IS NULL AND l.archived = FALSE"
                            + " AND p.status = 'approved' ORDER BY l.created_at, l.id LIMIT 1")
                    .bind("ws", ws).bind("partner", partnerId)
                    .map((rs, ctx) -> new CodeTarget(code, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            discount(h, rs.getString(4))))
                    .findOne()
                    .orElseThrow(() -> ApiException.notFound("Referral code " + code + " has no active partner link."));
        });
    }

    private static Discount discount(Handle h, String groupId) {
        return h.createQuery("SELECT id, type, amount, max_duration, coupon_id, coupon_test_id FROM discounts"
                        + " WHERE group_id = :g").bind("g", groupId)
                .map((rs, ctx) -> {
                    int d = rs.getInt(4);
                    Integer duration = rs.wasNull() ? null : d;
                    return new Discount(rs.getString(1), rs.getString(2), rs.getLong(3), duration, rs.getString(5),
                            rs.getString(6));
                })
                .findOne().orElse(null);
    }

    /** Remembers that this click came by code, with the visitor's IP hash (null for server-side calls). */
    public void recordVisit(String ws, String clickId, String code, String ipHash) {
        jdbi.useTransaction(h -> h.createUpdate("INSERT INTO referral_visits (click_id, workspace_id, code, ip_hash, ts)"
                        + " VALUES (:click, :ws, :code, :ip, :ts) ON CONFLICT (click_id) DO NOTHING")
                .bind("click", clickId).bind("ws", ws).bind("code", code).bind("ip", ipHash)
                .bind("ts", clock.millis()).execute());
    }

    // ---------------------------------------------------------------- settings

    public ReferralSettings settings(String ws) {
        return jdbi.withHandle(h -> settings(h, ws));
    }

    public static ReferralSettings settings(Handle h, String ws) {
        return h.createQuery("SELECT param_name, burst_limit FROM referral_settings WHERE workspace_id = :ws")
                .bind("ws", ws).map((rs, ctx) -> new ReferralSettings(rs.getString(1), rs.getInt(2)))
                .findOne().orElse(ReferralSettings.DEFAULTS);
    }

    public ReferralSettings updateSettings(String ws, String paramName, Integer burstLimit) {
        if (paramName != null && !PARAM.matcher(paramName).matches()) {
            throw ApiException.invalid("paramName", "must be 1 to 32 lower-case letters, digits or '_', starting"
                    + " with a letter");
        }
        if (burstLimit != null && (burstLimit < 1 || burstLimit > 10_000)) {
            throw ApiException.invalid("burstLimit", "must be between 1 and 10000");
        }
        return jdbi.inTransaction(h -> {
            ReferralSettings now = settings(h, ws);
            ReferralSettings next = new ReferralSettings(paramName == null ? now.paramName() : paramName,
                    burstLimit == null ? now.burstLimit() : burstLimit);
            h.createUpdate("INSERT INTO referral_settings (workspace_id, param_name, burst_limit, updated_at)"
                            + " VALUES (:ws, :param, :burst, :at) ON CONFLICT (workspace_id) DO UPDATE SET"
                            + " param_name = excluded.param_name, burst_limit = excluded.burst_limit,"
                            + " updated_at = excluded.updated_at")
                    .bind("ws", ws).bind("param", next.paramName()).bind("burst", next.burstLimit())
                    .bind("at", clock.millis()).execute();
            return next;
        });
    }

    /** {@code <program url>/signup?<param>=CODE}, or null when the program has no URL. */
    public static String signupLink(String programUrl, ReferralSettings settings, String code) {
        if (programUrl == null || code == null) {
            return null;
        }
        String base = programUrl.endsWith("/") ? programUrl.substring(0, programUrl.length() - 1) : programUrl;
        return base + "/signup?" + settings.paramName() + "=" + code;
    }

    /** The program's URL. */
    public String programUrl(String ws) {
        return jdbi.withHandle(h -> h.createQuery("SELECT url FROM programs WHERE workspace_id = :ws").bind("ws", ws)
                .mapTo(String.class).findOne().orElse(null));
    }

}
