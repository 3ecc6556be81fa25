package dev.referly.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals as visitors' headers carry them: parsed without ever asking DNS. */
public final class IpLiteral {
    private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9a-fA-F:.%a-zA-Z]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private IpLiteral() {}

    /** The address bytes of an IPv4 or IPv6 literal (brackets allowed), parsed without DNS; null for anything else. */
    public static byte[] parse(String text) {
        byte[] v4 = ipv4(text);
        if (v4 != null) {
            return v4; // the common case, parsed by hand: the regex and InetAddress showed in redirect profiles
        }
        String ip = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (ip.isEmpty() || !IP_CHARACTERS.matcher(ip).matches() || !(ip.contains(".") || ip.contains(":"))) {
            return null;
        }
        if (!ip.contains(":") && !IPV4.matcher(ip).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A dotted quad with no leading zeros ("010.1.1.1" is left to the full parser, which refuses it). */
    private static byte[] ipv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = value * 10 + (ch - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (ch == '.' && digits > 0 && part < 3) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }
}
