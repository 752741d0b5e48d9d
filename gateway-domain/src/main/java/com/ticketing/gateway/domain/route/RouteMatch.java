package com.ticketing.gateway.domain.route;

import java.util.Map;
import java.util.Set;

/** What the route table says about a request's method and path. */
public sealed interface RouteMatch {

    /** A route takes the request; {@code pathVariables} holds the decoded variable values. */
    record Matched(Route route, Map<String, String> pathVariables) implements RouteMatch {
        public Matched {
            pathVariables = Map.copyOf(pathVariables);
        }
    }

    /** No route has this path. */
    record NotFound() implements RouteMatch {
    }

    /** Routes have this path, but not for this method. */
    record MethodNotAllowed(Set<HttpMethod> allowed) implements RouteMatch {
        public MethodNotAllowed {
            allowed = Set.copyOf(allowed);
        }
    }
}
