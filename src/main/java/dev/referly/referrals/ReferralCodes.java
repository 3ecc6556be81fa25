package dev.referly.referrals;

import dev.referly.shared.ApiException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Partners' referral codes: 8 characters from an alphabet without the look-alikes (0/O, 1/I/L),
 * so a code read aloud or typed from a screenshot survives; case-insensitive (stored upper-case);
 * vanity codes allowed; a code can be deactivated, and then attributes nothing.
 */
public final class ReferralCodes {
    /** 31 symbols: digits 2-9 and the letters without I, L and O. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public static final int LENGTH = 8;
    private static final Pattern VANITY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{2,31}");
    private static final RandomGenerator RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 10;

    private ReferralCodes() {}

    public static String generate(RandomGenerator random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The stored form of a code as typed: trimmed and upper-case; null when blank. */
    public static String normalize(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        return typed.strip().toUpperCase(Locale.ROOT);
    }

    /** A vanity code, checked and normalised: 3 to 32 letters, digits, '-' or '_', starting with a letter or digit. */
    public static String vanity(String typed) {
        String code = normalize(typed);
        if (code == null || !VANITY.matcher(code).matches()) {
            throw ApiException.invalid("code", "must be 3 to 32 letters, digits, '-' or '_', starting with a letter"
                    + " or digit");
        }
        return code;
    }

    /** Gives the partner a fresh generated code, in the caller's transaction; returns it. */
    public static String assign(Handle h, String workspaceId, String partnerId, long now) {
        for (int i = 0; i < ATTEMPTS; i++) {
            String code = generate(RANDOM);
            if (insert(h, workspaceId, code, partnerId, now)) {
                return code;
            }
        }
        throw new IllegalStateException("No free referral code after " + ATTEMPTS + " attempts");
    }

    static boolean insert(Handle h, String workspaceId, String code, String partnerId, long now) {
        return h.createUpdate("INSERT INTO referral_codes (workspace_id, code, partner_id, active, created_at)"
                        + " VALUES (:ws, :code, :partner, TRUE, :now) ON CONFLICT (workspace_id, code) DO NOTHING")
                .bind("ws", workspaceId).bind("code", code).bind("partner", partnerId).bind("now", now)
                .execute() == 1;
    }

    /** The partner an active code belongs to. */
    public static Optional<String> partnerOf(Handle h, String workspaceId, String typed) {
        String code = normalize(typed);
        if (code == null) {
            return Optional.empty();
        }
        return h.createQuery("SELECT partner_id FROM referral_codes WHERE workspace_id = :ws AND code = :code"
                        + " AND active = TRUE")
                .bind("ws", workspaceId).bind("code", code).mapTo(String.class).findOne();
    }

    /** The active code of each partner given (the newest when several are active). */
    public static Map<String, String> activeCodes(Handle h, List<String> partnerIds) {
        Map<String, String> out = new HashMap<>();
        if (partnerIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT partner_id, code FROM referral_codes WHERE partner_id IN (<ids>) AND active = TRUE"
                        + " ORDER BY created_at, code")
                .bindList("ids", partnerIds)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
