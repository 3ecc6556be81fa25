package dev.referly.redirect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A raw query string taken apart and put together again without re-encoding what the visitor sent. */
final class QueryString {
    record Pair(String rawName, String rawValue) {
        String name() {
            return decode(rawName);
        }

        String render() {
            return rawValue == null ? rawName : rawName + "=" + rawValue;
        }
    }

    private QueryString() {}

    static List<Pair> parse(String raw) {
        List<Pair> pairs = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            pairs.add(eq < 0 ? new Pair(part, null) : new Pair(part.substring(0, eq), part.substring(eq + 1)));
        }
        return pairs;
    }

    static Map<String, List<String>> decoded(List<Pair> pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Pair p : pairs) {
            map.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.rawValue() == null ? "" : decode(p.rawValue()));
        }
        return map;
    }

    /**
     * The most of the visitor's query echoed into a Location, in characters: whole parameters
     * are kept in order while they fit and the others dropped, so a huge query is not reflected
     * (and cannot push the Location past what browsers and proxies accept).
     */
    static final int MAX_ECHOED = 2048;

    /**
     * The destination with the visitor's parameters merged in (the visitor's value wins over
     * the destination's for the same name) and then {@code extra} appended. A visitor's
     * parameter named like one in {@code extra} is dropped: the server's value replaces it
     * rather than following it, which a page reading the first value would take instead.
     */
    static String merge(String destination, List<Pair> visitor, Set<String> drop, List<Pair> extra) {
        int hash = destination.indexOf('#');
        String fragment = hash < 0 ? "" : destination.substring(hash);
        String base = hash < 0 ? destination : destination.substring(0, hash);
        int q = base.indexOf('?');
        List<Pair> result = new ArrayList<>(q < 0 ? List.of() : parse(base.substring(q + 1)));
        String path = q < 0 ? base : base.substring(0, q);
        Set<String> replaced = new java.util.HashSet<>();
        extra.forEach(p -> replaced.add(p.name()));
        List<Pair> added = new ArrayList<>();
        int budget = MAX_ECHOED;
        for (Pair p : visitor) {
            String name = p.name();
            int length = p.render().length() + 1;
            if (!drop.contains(name) && !replaced.contains(name) && length <= budget) {
                added.add(p);
                budget -= length;
            }
        }
        added.addAll(extra);
        Set<String> overridden = new java.util.HashSet<>();
        added.forEach(p -> overridden.add(p.name()));
        result.removeIf(p -> overridden.contains(p.name()));
        result.addAll(added);
        if (result.isEmpty()) {
            return path + fragment;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        for (int i = 0; i < result.size(); i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(result.get(i).render());
        }
        return out.append(fragment).toString();
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
