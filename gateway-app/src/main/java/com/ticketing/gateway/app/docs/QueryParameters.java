package com.ticketing.gateway.app.docs;

import com.ticketing.gateway.domain.route.IntRange;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the document says about a route's query parameter beyond its field's type: the bounds of
 * the route's {@link IntRange} (a value outside is the gateway's 400) and, in words, the default a
 * service applies when the parameter is absent.
 */
final class QueryParameters {

    /**
     * Defaults a service applies to an absent query parameter (route id, then parameter), as
     * REST.md states them. The gateway does not apply them (an absent integer reaches the service
     * as proto3's 0, which it reads as "the default"), so they are described, never declared as a
     * schema {@code default}.
     */
    private static final Map<String, Map<String, String>> SERVICE_DEFAULTS =
            Map.of("events.list", Map.of("pageSize", "20"));

    private QueryParameters() {
    }

    /** The field's schema, with {@code minimum} and {@code maximum} when the route bounds the parameter. */
    static Map<String, Object> schema(Route route, String name, Map<String, Object> fieldSchema) {
        IntRange range = route.queryRanges().get(name);
        if (range == null) {
            return fieldSchema;
        }
        Map<String, Object> schema = new LinkedHashMap<>(fieldSchema);
        if (range.min() != Long.MIN_VALUE) {
            schema.put("minimum", range.min());
        }
        if (range.max() != Long.MAX_VALUE) {
            schema.put("maximum", range.max());
        }
        return schema;
    }

    /** The bounds and the service's default in words, or empty when there is neither. */
    static Optional<String> description(Route route, String name) {
        List<String> sentences = new ArrayList<>();
        IntRange range = route.queryRanges().get(name);
        if (range != null) {
            sentences.add((range.max() == Long.MAX_VALUE ? "At least " + range.min()
                    : "From " + range.min() + " to " + range.max())
                    + "; any other integer is refused with 400 VALIDATION_FAILED naming the parameter.");
        }
        String serviceDefault = SERVICE_DEFAULTS.getOrDefault(route.id(), Map.of()).get(name);
        if (serviceDefault != null) {
            sentences.add("When absent, the service applies its default: " + serviceDefault + ".");
        }
        return sentences.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", sentences));
    }

    /** A default described for a route or parameter that is not served would describe nothing: refused. */
    static void requireServiceDefaultsBound(RouteTable routes) {
        SERVICE_DEFAULTS.forEach((routeId, defaults) -> {
            Route route = routes.byId(routeId).orElseThrow(() -> new IllegalStateException(
                    "a service default names route " + routeId + ", which is not served"));
            if (!route.queryFields().keySet().containsAll(defaults.keySet())) {
                throw new IllegalStateException("a service default names a query parameter that route " + routeId
                        + " does not bind: " + defaults.keySet());
            }
        });
    }
}
