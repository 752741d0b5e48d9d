package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.rest.ApiController;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RouteObservationConventionTest {

    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
    private final RouteObservationConvention convention = new RouteObservationConvention(ROUTES);

    @Test
    void aMatchedRequestIsTaggedWithItsRouteIdAndPathTemplateNotItsPath() {
        ServerRequestObservationContext context = context("GET", "/api/v1/events/evt-123",
                ROUTES.byId("events.get").orElseThrow());

        Map<String, String> tags = tags(convention.getLowCardinalityKeyValues(context));

        assertThat(tags).containsEntry("route", "events.get").containsEntry("uri", "/api/v1/events/{id}")
                .containsEntry("method", "GET").containsEntry("status", "200").containsEntry("outcome", "SUCCESS");
        assertThat(tags.values()).noneMatch(value -> value.contains("evt-123"));
        assertThat(convention.getContextualName(context)).isEqualTo("GET /api/v1/events/{id}");
    }

    @Test
    void aRouteOfAnotherTableIsTaggedTheSameWay() {
        Route sameRouteElsewhere = ApiRoutes.v1(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .byId("bookings.cancel").orElseThrow();

        Map<String, String> tags = tags(convention.getLowCardinalityKeyValues(
                context("DELETE", "/api/v1/bookings/b-9", sameRouteElsewhere)));

        assertThat(tags).containsEntry("route", "bookings.cancel").containsEntry("uri", "/api/v1/bookings/{id}");
    }

    @Test
    void aRequestNoRouteTookIsUnmatched() {
        ServerRequestObservationContext context = context("GET", "/api/v1/nothing/here", null);
        ((MockHttpServletResponse) context.getResponse()).setStatus(404);

        Map<String, String> tags = tags(convention.getLowCardinalityKeyValues(context));

        assertThat(tags).containsEntry("route", "UNMATCHED").containsEntry("status", "404");
        assertThat(tags.values()).noneMatch(value -> value.contains("nothing"));
    }

    private static ServerRequestObservationContext context(String method, String path, Route route) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (route != null) {
            request.setAttribute(ApiController.ROUTE_ATTRIBUTE, route);
        }
        return new ServerRequestObservationContext(request, new MockHttpServletResponse());
    }

    private static Map<String, String> tags(KeyValues keyValues) {
        return StreamSupport.stream(keyValues.spliterator(), false)
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
