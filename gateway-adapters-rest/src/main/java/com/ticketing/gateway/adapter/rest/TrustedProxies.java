package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client's address: the socket peer, unless the peer is a configured trusted proxy
 * ({@code TRUSTED_PROXIES}, CIDR list, empty by default); then the right-most address of
 * {@code X-Forwarded-For} (or {@code Forwarded: for=}) that is not itself a trusted proxy.
 * Nothing is trusted implicitly: not loopback, not private ranges.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> proxies;

    public TrustedProxies(List<String> cidrs) {
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: not an IP address: " + cidr);
            }
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix in " + cidr);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix in " + cidr);
            }
            parsed.add(new Cidr(network, prefix));
        }
        this.proxies = List.copyOf(parsed);
    }

    /** The address limits and logs attribute the request to. */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (proxies.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                return peer; // a hop we cannot read: stop at the last address we can vouch for
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : proxies) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        Enumeration<String> xff = request.getHeaders("X-Forwarded-For");
        while (xff != null && xff.hasMoreElements()) {
            for (String hop : xff.nextElement().split(",")) {
                hops.add(hop.trim());
            }
        }
        if (!hops.isEmpty()) {
            return hops;
        }
        Enumeration<String> forwarded = request.getHeaders("Forwarded");
        while (forwarded != null && forwarded.hasMoreElements()) {
            for (String element : forwarded.nextElement().split(",")) {
                for (String pair : element.split(";")) {
                    String p = pair.trim();
                    if (p.regionMatches(true, 0, "for=", 0, 4)) {
                        String value = p.substring(4).replace("\"", "");
                        if (value.startsWith("[")) {
                            value = value.substring(1, Math.max(1, value.indexOf(']')));
                        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
                            value = value.substring(0, value.indexOf(':'));
                        }
                        hops.add(value);
                    }
                }
            }
        }
        return hops;
    }

    /** The bytes of an IP literal; null for anything else (never a DNS lookup). */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v4 = IPV4.matcher(text).matches();
        // Must start with a hex digit or ':': InetAddress resolves anything else (e.g. ".:1") as a name.
        boolean v6 = text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
