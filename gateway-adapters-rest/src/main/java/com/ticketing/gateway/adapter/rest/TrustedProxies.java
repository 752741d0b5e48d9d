package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * The client's address: the socket peer, unless the peer is a configured trusted proxy
 * ({@code TRUSTED_PROXIES}, CIDR list, empty by default); then the right-most address of
 * {@code X-Forwarded-For} (or {@code Forwarded: for=}) that is not itself a trusted proxy.
 * Nothing is trusted implicitly: not loopback, not private ranges. The address is given in
 * canonical form ({@link IpLiteral}), so every spelling of one address is one client; per-IP
 * limits count an IPv6 client by its network of {@code RATE_LIMIT_IPV6_PREFIX} bits
 * ({@link #limitSubject}). Thread-safe.
 */
public final class TrustedProxies {

    /** IPv6 clients are limited per /64 (one subscriber's network) unless configured otherwise. */
    public static final int DEFAULT_IPV6_PREFIX = 64;
    /** Narrower than this would put whole providers in one bucket. */
    public static final int MIN_IPV6_PREFIX = 32;

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

        /** Clears every bit of {@code address} after the first {@code prefix}. */
        static void mask(byte[] address, int prefix) {
            for (int bit = prefix; bit < address.length * 8; bit++) {
                address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
        }
    }

    private final List<Cidr> proxies;
    private final int ipv6Prefix;

    /** Trusts {@code cidrs}; IPv6 clients are limited per /64. */
    public TrustedProxies(List<String> cidrs) {
        this(cidrs, DEFAULT_IPV6_PREFIX);
    }

    /**
     * @param ipv6Prefix the bits of an IPv6 client address its per-IP limits count by
     *                   ({@value #MIN_IPV6_PREFIX}..128; 128 is one address)
     */
    public TrustedProxies(List<String> cidrs, int ipv6Prefix) {
        if (ipv6Prefix < MIN_IPV6_PREFIX || ipv6Prefix > 128) {
            throw new IllegalArgumentException("RATE_LIMIT_IPV6_PREFIX must be from " + MIN_IPV6_PREFIX
                    + " to 128, not " + ipv6Prefix);
        }
        this.ipv6Prefix = ipv6Prefix;
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = IpLiteral.parse(parts[0]);
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

    /**
     * The address limits and logs attribute the request to, in canonical form; resolved once per
     * request (kept as a request attribute), whoever asks first.
     */
    public String clientAddress(HttpServletRequest request) {
        RequestState state = RequestState.of(request);
        String resolved = state.clientAddress();
        if (resolved != null) {
            return resolved;
        }
        String client = resolve(request);
        state.clientAddress(client);
        return client;
    }

    /**
     * What per-IP limits count {@code clientAddress} (as {@link #clientAddress} gives it) under:
     * an IPv4 address itself, an IPv6 address's network of the configured prefix written as
     * {@code network/prefix} (the address itself at 128), anything else as it is.
     */
    public String limitSubject(String clientAddress) {
        if (ipv6Prefix == 128 || clientAddress.indexOf(':') < 0) {
            return clientAddress;
        }
        byte[] bytes = IpLiteral.parse(clientAddress);
        if (bytes == null || bytes.length != 16) {
            return clientAddress;
        }
        Cidr.mask(bytes, ipv6Prefix);
        return IpLiteral.canonical(bytes) + "/" + ipv6Prefix;
    }

    /**
     * What per-IP limits count a connection's peer under (as {@link #limitSubject}), or null when the
     * peer is a trusted proxy: a proxy carries many clients, which the per-request limits tell apart.
     */
    public String peerSubject(byte[] peer) {
        if (!proxies.isEmpty() && trusted(peer)) {
            return null;
        }
        return limitSubject(IpLiteral.canonical(peer));
    }

    private String resolve(HttpServletRequest request) {
        String peerText = request.getRemoteAddr();
        byte[] peerBytes = IpLiteral.parse(peerText);
        if (peerBytes == null) {
            return peerText == null ? "" : peerText; // not an address (never from a socket): shown as it is
        }
        String peer = IpLiteral.canonical(peerBytes);
        if (proxies.isEmpty() || !trusted(peerBytes)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpLiteral.parse(hops.get(i));
            if (hop == null) {
                return peer; // a hop we cannot read: stop at the last address we can vouch for
            }
            if (!trusted(hop)) {
                return IpLiteral.canonical(hop);
            }
        }
        return peer;
    }

    private boolean trusted(byte[] bytes) {
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
}
