package com.ticketing.gateway.adapter.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals as text: reading them without ever resolving a name, and writing the one
 * canonical form every spelling of an address shares. An IPv4 address is written dotted-decimal;
 * an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, however spelled) is its IPv4 address; any
 * other IPv6 address is written as RFC 5952 recommends (lower case, no leading zeros, the longest
 * run of two or more zero groups compressed, the first of equal runs). Thread-safe.
 */
final class IpLiteral {

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final int LONGEST = 45;

    private IpLiteral() {
    }

    /** The bytes of an IP literal (4 or 16; 4 for an IPv4-mapped address); null for anything else. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > LONGEST) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        // Must start with a hex digit or ':': InetAddress resolves anything else (e.g. ".:1") as a name.
        if (!IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        try {
            return ipv4Mapped(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Dotted-decimal, four octets of at most 255 without leading zeros ({@code 010.1.1.1} is octal to
     * some readers and decimal to others); null for anything else. Read by hand: every request's
     * client address passes here.
     */
    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null; // a leading zero
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && octet < 4) {
                bytes[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return octet == 4 ? bytes : null;
    }

    /** The canonical text of an address literal; null when {@code text} is no IP literal. */
    static String canonical(String text) {
        byte[] bytes = parse(text);
        return bytes == null ? null : canonical(bytes);
    }

    /** The canonical text of 4 or 16 address bytes. */
    static String canonical(byte[] address) {
        byte[] bytes = ipv4Mapped(address);
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The IPv4 address of an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}); any other address as it is. */
    private static byte[] ipv4Mapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }
}
