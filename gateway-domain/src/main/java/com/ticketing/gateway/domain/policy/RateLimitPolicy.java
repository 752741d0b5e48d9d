package com.ticketing.gateway.domain.policy;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which limits apply to a request: the base limit of its kind (per client IP on public routes,
 * per user on authenticated ones) and its route's named limit, when it has one of its own.
 * Built once from configuration (the limits and their sizes live there, nowhere else);
 * {@link #validate(RouteTable)} refuses routes naming unknown limits.
 */
public final class RateLimitPolicy {

    /** The base limit of public routes. */
    public static final String PUBLIC = "public";
    /** The base limit of authenticated routes. */
    public static final String USER = "user";

    private final Map<String, RateLimit> limits;

    public RateLimitPolicy(List<RateLimit> limits) {
        Map<String, RateLimit> byName = new java.util.HashMap<>();
        for (RateLimit limit : limits) {
            if (byName.put(limit.name(), limit) != null) {
                throw new IllegalArgumentException("limit " + limit.name() + " defined twice");
            }
        }
        if (!byName.containsKey(PUBLIC) || !byName.containsKey(USER)) {
            throw new IllegalArgumentException("the limits '" + PUBLIC + "' and '" + USER + "' are required");
        }
        if (byName.get(USER).scope() != LimitScope.USER || byName.get(PUBLIC).scope() != LimitScope.CLIENT_IP) {
            throw new IllegalArgumentException("the '" + USER + "' limit must count per user and the '" + PUBLIC
                    + "' limit per client IP");
        }
        this.limits = Map.copyOf(byName);
    }

    /**
     * Refuses a table whose routes name limits that do not exist, or limits that count other
     * subjects than the route's base limit (per-user limits on public routes and per-IP ones on
     * authenticated routes), so that all limits of a request share one subject.
     */
    public void validate(RouteTable routes) {
        for (Route route : routes.routes()) {
            RateLimit limit = limits.get(route.rateLimitClass());
            if (limit == null) {
                throw new IllegalArgumentException("route " + route.id() + " names unknown limit "
                        + route.rateLimitClass() + " (known: " + String.join(", ", new TreeSet<>(limits.keySet()))
                        + ")");
            }
            if (limit.scope() == LimitScope.USER && !route.requiresAuth()) {
                throw new IllegalArgumentException("route " + route.id() + " is public but limited per user");
            }
            if (limit.scope() == LimitScope.CLIENT_IP && route.requiresAuth()) {
                throw new IllegalArgumentException("route " + route.id() + " is authenticated but limited per IP");
            }
        }
    }

    /** The limits for one request, base limit first. */
    public List<LimitKey> limitsFor(Route route, Optional<Identity> identity, String clientIp) {
        RateLimit base = limits.get(route.requiresAuth() ? USER : PUBLIC);
        RateLimit named = limits.get(route.rateLimitClass());
        List<LimitKey> keys = new ArrayList<>(2);
        keys.add(key(base, identity, clientIp));
        if (named != null && named != base) {
            keys.add(key(named, identity, clientIp));
        }
        return keys;
    }

    /** The limits of a request that has no route of its own to count for: the public limit of its address. */
    public List<LimitKey> anonymousLimits(String clientIp) {
        return List.of(new LimitKey(limits.get(PUBLIC), clientIp));
    }

    private static LimitKey key(RateLimit limit, Optional<Identity> identity, String clientIp) {
        return switch (limit.scope()) {
            case CLIENT_IP -> new LimitKey(limit, clientIp);
            case USER -> new LimitKey(limit, identity.orElseThrow(() -> new IllegalStateException(
                    "limit " + limit.name() + " counts per user but the request is anonymous")).userId().value());
        };
    }
}
