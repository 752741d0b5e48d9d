package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.ApiController;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Names HTTP server observations ({@code http.server.requests} and the request's span) after the
 * API route a request matched: every {@code /api/**} request goes through one front controller, so
 * Spring's own {@code uri} would be {@code /api/**} for all of them. Adds {@code route} (the route
 * id, e.g. {@code events.get}, or {@code UNMATCHED} for requests no API route took, such as 404s,
 * 405s and the operational endpoints) and sets {@code uri} to the route's path template. Values
 * come from the compiled route table only, never from the request, so cardinality stays bounded.
 * The tags of every route are built once.
 */
final class RouteObservationConvention extends DefaultServerRequestObservationConvention {

    static final String ROUTE = "route";
    static final String UNMATCHED = "UNMATCHED";
    private static final KeyValues NO_ROUTE = KeyValues.of(KeyValue.of(ROUTE, UNMATCHED));

    private final Map<Route, RouteTags> routes = new IdentityHashMap<>();

    private record RouteTags(KeyValues keyValues, String spanName) {
    }

    RouteObservationConvention(RouteTable table) {
        for (Route route : table.routes()) {
            routes.put(route, tags(route));
        }
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        RouteTags tags = tags(context);
        return super.getLowCardinalityKeyValues(context).and(tags == null ? NO_ROUTE : tags.keyValues());
    }

    @Override
    public String getContextualName(ServerRequestObservationContext context) {
        RouteTags tags = tags(context);
        return tags == null ? super.getContextualName(context) : tags.spanName();
    }

    private RouteTags tags(ServerRequestObservationContext context) {
        if (!(context.getCarrier().getAttribute(ApiController.ROUTE_ATTRIBUTE) instanceof Route route)) {
            return null;
        }
        RouteTags tags = routes.get(route);
        return tags != null ? tags : tags(route);
    }

    private static RouteTags tags(Route route) {
        String template = route.path().toString();
        return new RouteTags(KeyValues.of(KeyValue.of(ROUTE, route.id()), KeyValue.of("uri", template)),
                route.method().name() + " " + template);
    }
}
