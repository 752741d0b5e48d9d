package com.ticketing.gateway.adapter.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * One Redis process to contact first: a cluster seed node or a Sentinel.
 *
 * @param host a host name or IP address (IPv6 without brackets)
 * @param port 1 to 65535
 */
public record RedisNode(String host, int port) {

    public RedisNode {
        if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a redis node needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a redis node port must be 1 to 65535");
        }
    }

    /**
     * Parses {@code host:port,host:port,…} ({@code [v6-address]:port} for IPv6); blanks around
     * commas are ignored. The message of a refusal names {@code what} and never echoes the input.
     */
    public static List<RedisNode> parseList(String text, String what) {
        String format = what + " must be host:port[,host:port...]";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(format);
        }
        List<RedisNode> nodes = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            nodes.add(parse(item.strip(), format));
        }
        if (nodes.stream().distinct().count() < nodes.size()) {
            throw new IllegalArgumentException(what + " must not list a node twice");
        }
        return List.copyOf(nodes);
    }

    private static RedisNode parse(String item, String format) {
        int colon = item.lastIndexOf(':');
        if (colon <= 0 || colon == item.length() - 1) {
            throw new IllegalArgumentException(format);
        }
        String host = item.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(format);
        }
        try {
            return new RedisNode(host, Integer.parseInt(item.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(format);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
