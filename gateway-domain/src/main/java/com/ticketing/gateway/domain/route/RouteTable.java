package com.ticketing.gateway.domain.route;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The compiled route table. Built once at startup; refuses duplicate ids and two routes that
 * would take the same method and path. Matching is a pure function, safe from any thread.
 */
public final class RouteTable {

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = routes;
    }

    public static RouteTable of(List<Route> routes) {
        Set<String> ids = new HashSet<>();
        List<Route> accepted = new ArrayList<>();
        for (Route route : routes) {
            if (!ids.add(route.id())) {
                throw new IllegalArgumentException("duplicate route id " + route.id());
            }
            for (Route other : accepted) {
                if (other.method() == route.method() && other.path().sameShape(route.path())) {
                    throw new IllegalArgumentException("routes " + other.id() + " and " + route.id()
                            + " both take " + route.method() + " " + route.path());
                }
            }
            accepted.add(route);
        }
        return new RouteTable(List.copyOf(accepted));
    }

    /**
     * Matches a request. {@code pathSegments} is the path split at '/' without the leading empty
     * segment, each segment already percent-decoded and checked by the caller. A null
     * {@code method} (one the table does not know) matches no route: the path's methods, if any,
     * come back as {@link RouteMatch.MethodNotAllowed}. A {@code HEAD} is taken by the path's {@code GET}
     * route where that route {@linkplain Route#answersHead() answers one} (RFC 9110 §9.3.2).
     */
    public RouteMatch match(HttpMethod method, List<String> pathSegments) {
        Set<HttpMethod> allowed = null;
        for (Route route : routes) {
            Optional<Map<String, String>> variables = route.path().match(pathSegments);
            if (variables.isEmpty()) {
                continue;
            }
            if (route.method() == method || method == HttpMethod.HEAD && route.answersHead()) {
                return new RouteMatch.Matched(route, variables.get());
            }
            if (allowed == null) {
                allowed = EnumSet.noneOf(HttpMethod.class);
            }
            allowed.add(route.method());
            if (route.answersHead()) {
                allowed.add(HttpMethod.HEAD);
            }
        }
        return allowed == null ? new RouteMatch.NotFound() : new RouteMatch.MethodNotAllowed(allowed);
    }

    public List<Route> routes() {
        return routes;
    }

    public List<Route> routes(Predicate<Route> filter) {
        return routes.stream().filter(filter).toList();
    }

    public Optional<Route> byId(String id) {
        return routes.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
