package dev.referly.redirect;

import dev.referly.shared.IpLiteral;
import java.util.ArrayList;
import java.util.List;

/**
 * The visitor's IP: the socket's peer, unless that peer is a configured proxy, in which case
 * the right-most X-Forwarded-For address that is not itself a trusted proxy. Anyone else's
 * X-Forwarded-For is ignored, so visitors cannot forge their location or dodge de-duplication.
 */
public final class TrustedProxies {

    private record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefix % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - restBits)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Cidr> ranges = new ArrayList<>();

    public TrustedProxies(List<String> cidrs) {
        for (String cidr : cidrs) {
            String text = cidr.strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("Not an IP range: " + cidr);
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            ranges.add(new Cidr(network, prefix));
        }
    }

    public String clientIp(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop) == null) {
                return peer; // a malformed hop: trust nothing beyond the proxy we know
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private boolean trusted(String ip) {
        byte[] address = literal(ip);
        if (address == null) {
            return false;
        }
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IP literal without DNS; null for anything else. */
    static byte[] literal(String text) {
        return IpLiteral.parse(text);
    }
}
