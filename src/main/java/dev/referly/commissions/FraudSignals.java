package dev.referly.commissions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reasons to hold a new commission for review instead of letting it count. Each reason is a
 * short code stored (comma-separated) in {@code commissions.hold_reason}; an admin releases the
 * entry (PATCH status pending) or rejects it (fraud, canceled).
 */
public final class FraudSignals {
    public static final String SELF_REFERRAL = "self_referral";
    public static final String SAME_COMPANY_DOMAIN = "same_company_domain";
    public static final String DISPOSABLE_EMAIL = "disposable_email";
    public static final String PAID_AD_CLICK = "paid_ad_click";
    public static final String PARTNER_BANNED = "partner_banned";
    /** A sale a browser reported with a publishable key: anyone can send one, with any amount. */
    public static final String CLIENT_SIDE_SALE = "client_side_sale";

    /** Click ids that ad networks append: a partner buying ads on the brand's own traffic. */
    static final Set<String> AD_CLICK_PARAMS = Set.of("gclid", "fbclid", "msclkid", "ttclid", "li_fat_id", "twclid");

    private static final Set<String> PUBLIC_DOMAINS = load("/commissions/public-email-domains.txt");
    private static final Set<String> DISPOSABLE_DOMAINS = load("/commissions/disposable-email-domains.txt");

    private FraudSignals() {}

    /** What is known when a commission is created; any field may be null. */
    public record Evidence(String customerEmail, String partnerEmail, boolean partnerBanned, String clickQuery) {}

    public static List<String> check(Evidence e) {
        List<String> reasons = new ArrayList<>();
        String customer = normalizeEmail(e.customerEmail());
        String partner = normalizeEmail(e.partnerEmail());
        if (customer != null && customer.equals(partner)) {
            reasons.add(SELF_REFERRAL);
        } else if (customer != null && partner != null && domain(customer).equals(domain(partner))
                && !isPublicDomain(domain(customer))) {
            reasons.add(SAME_COMPANY_DOMAIN);
        }
        if (customer != null && isDisposableDomain(domain(customer))) {
            reasons.add(DISPOSABLE_EMAIL);
        }
        if (hasAdClickId(e.clickQuery())) {
            reasons.add(PAID_AD_CLICK);
        }
        if (e.partnerBanned()) {
            reasons.add(PARTNER_BANNED);
        }
        return reasons;
    }

    /**
     * The mailbox an address delivers to: lower-case, without a +tag, and for Gmail without the
     * dots Gmail ignores (googlemail.com is the same service). Null for blank or malformed input.
     */
    public static String normalizeEmail(String email) {
        if (email == null) {
            return null;
        }
        String e = email.strip().toLowerCase(Locale.ROOT);
        int at = e.lastIndexOf('@');
        if (at <= 0 || at == e.length() - 1) {
            return null;
        }
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local.isEmpty() ? null : local + "@" + domain;
    }

    static String domain(String normalizedEmail) {
        return normalizedEmail.substring(normalizedEmail.lastIndexOf('@') + 1);
    }

    public static boolean isPublicDomain(String domain) {
        return PUBLIC_DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** A listed throwaway service or any subdomain of one. */
    public static boolean isDisposableDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (true) {
            if (DISPOSABLE_DOMAINS.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }

    /** Whether a raw query string (as the click recorder stores it) carries an ad network's click id. */
    public static boolean hasAdClickId(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        String q = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            if (AD_CLICK_PARAMS.contains(name.toLowerCase(Locale.ROOT)) && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String resource) {
        Set<String> domains = new HashSet<>();
        try (InputStream in = FraudSignals.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String d = line.strip().toLowerCase(Locale.ROOT);
                if (!d.isEmpty() && !d.startsWith("#")) {
                    domains.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(domains);
    }
}
