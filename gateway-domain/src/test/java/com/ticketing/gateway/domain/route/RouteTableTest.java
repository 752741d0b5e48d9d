package com.ticketing.gateway.domain.route;

import static com.ticketing.gateway.domain.route.HttpMethod.DELETE;
import static com.ticketing.gateway.domain.route.HttpMethod.GET;
import static com.ticketing.gateway.domain.route.HttpMethod.POST;
import static com.ticketing.gateway.domain.route.HttpMethod.PUT;
import static com.ticketing.gateway.domain.route.RouteDefinition.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

    private static final RouteTable V1 = ApiRoutes.v1(Duration.ofSeconds(2), Duration.ofSeconds(8));

    private static List<String> segments(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    private static Route compiled(String id, HttpMethod method, String path) {
        RouteDefinition definition = route(id, method, path).to(Upstream.TICKET, "GetEvents");
        PathTemplate.parse(path).variables().forEach(v -> definition.pathField(v, v));
        return definition.compile();
    }

    /** Every path and method of REST.md (the API part), the route it reaches and its path variables. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/v1/auth/register              | auth.register        |
            POST   | /api/v1/auth/login                 | auth.login           |
            POST   | /api/v1/auth/refresh               | auth.refresh         |
            POST   | /api/v1/auth/logout                | auth.logout          |
            GET    | /api/v1/user/profile               | user.profile.get     |
            PUT    | /api/v1/user/profile               | user.profile.update  |
            GET    | /api/v1/events                     | events.list          |
            GET    | /api/v1/events/evt-1               | events.get           | evt-1
            GET    | /api/v1/events/evt-1/availability  | events.availability  | evt-1
            GET    | /api/v1/bookings                   | bookings.list        |
            POST   | /api/v1/bookings                   | bookings.create      |
            GET    | /api/v1/bookings/bk-7              | bookings.get         | bk-7
            GET    | /api/v1/bookings/bk-7/stream       | bookings.stream      | bk-7
            POST   | /api/v1/bookings/bk-7/stream-ticket | bookings.streamTicket | bk-7
            DELETE | /api/v1/bookings/bk-7              | bookings.cancel      | bk-7
            POST   | /api/v1/payments                   | payments.create      |
            GET    | /api/v1/payments/pay-3             | payments.get         | pay-3
            GET    | /api/v1/tickets                    | tickets.list         |
            """)
    void everyContractPathReachesItsRoute(HttpMethod method, String path, String routeId, String id) {
        RouteMatch match = V1.match(method, segments(path));

        assertThat(match).isInstanceOf(RouteMatch.Matched.class);
        RouteMatch.Matched matched = (RouteMatch.Matched) match;
        assertThat(matched.route().id()).isEqualTo(routeId);
        assertThat(matched.pathVariables()).isEqualTo(id == null ? Map.of() : Map.of("id", id));
    }

    /** RFC 9110 §9.3.2: what answers GET answers HEAD, the same answer without its body; a stream is its body. */
    @Test
    void headIsTakenByThePathsGetRouteExceptAStreams() {
        for (Route route : V1.routes(r -> r.method() == GET)) {
            String path = route.path().toString().replace("{id}", "x-1");
            RouteMatch head = V1.match(HttpMethod.HEAD, segments(path));
            if (route.kind() == RouteKind.STREAM) {
                assertThat(head).as(path).isEqualTo(new RouteMatch.MethodNotAllowed(EnumSet.of(GET)));
            } else {
                assertThat(head).as(path).isEqualTo(V1.match(GET, segments(path)));
                assertThat(route.answersHead()).as(path).isTrue();
            }
        }
        assertThat(V1.routes(Route::answersHead)).hasSize(8);
        assertThat(V1.routes(r -> r.method() != GET)).noneMatch(Route::answersHead);
    }

    @Test
    void tableCoversExactlyTheContractRoutes() {
        assertThat(V1.routes()).hasSize(18);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/unknown",
            "/api/v1/events/evt-1/unknown",
            "/api/v1/events/evt-1/availability/more",
            "/api/v2/events",
            "/api/v1",
            "/api/v1/events/",
            "/api/v1/bookings//stream",
            "/health",
    })
    void unknownPathIsNotFoundForAnyMethod(String path) {
        for (HttpMethod method : HttpMethod.values()) {
            assertThat(V1.match(method, segments(path))).as("%s %s", method, path)
                    .isEqualTo(new RouteMatch.NotFound());
        }
    }

    @ParameterizedTest(name = "{0} {1} -> allowed {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET     | /api/v1/auth/login          | POST
            HEAD    | /api/v1/auth/login          | POST
            DELETE  | /api/v1/auth/logout         | POST
            POST    | /api/v1/user/profile        | GET HEAD PUT
            DELETE  | /api/v1/events              | GET HEAD
            PUT     | /api/v1/bookings            | GET HEAD POST
            POST    | /api/v1/bookings/bk-7       | GET HEAD DELETE
            PATCH   | /api/v1/bookings/bk-7       | GET HEAD DELETE
            POST    | /api/v1/bookings/bk-7/stream| GET
            HEAD    | /api/v1/bookings/bk-7/stream| GET
            DELETE  | /api/v1/payments            | POST
            OPTIONS | /api/v1/tickets             | GET HEAD
            """)
    void knownPathWithAnotherMethodIsMethodNotAllowedWithTheAllowedSet(HttpMethod method, String path,
                                                                       String allowed) {
        Set<HttpMethod> expected = Arrays.stream(allowed.split(" ")).map(HttpMethod::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(HttpMethod.class)));

        assertThat(V1.match(method, segments(path))).isEqualTo(new RouteMatch.MethodNotAllowed(expected));
    }

    @Test
    void aMethodTheTableDoesNotKnowMatchesNoRouteButNamesThePathsMethods() {
        assertThat(V1.match(null, segments("/api/v1/bookings/bk-7")))
                .isEqualTo(new RouteMatch.MethodNotAllowed(EnumSet.of(GET, HttpMethod.HEAD, HttpMethod.DELETE)));
        assertThat(V1.match(null, segments("/api/v1/nothing-here"))).isEqualTo(new RouteMatch.NotFound());
    }

    @Test
    void refusesDuplicateRouteIds() {
        List<Route> routes = List.of(compiled("same", GET, "/a"), compiled("same", POST, "/b"));

        assertThatThrownBy(() -> RouteTable.of(routes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate route id same");
    }

    @Test
    void refusesTwoRoutesWithTheSameMethodAndPathShape() {
        List<Route> routes = List.of(compiled("first", GET, "/a/{id}"), compiled("second", GET, "/a/{other}"));

        assertThatThrownBy(() -> RouteTable.of(routes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes first and second both take GET /a/{other}");
    }

    @Test
    void refusesAConflictWithAnyEarlierRouteNotJustThePreviousOne() {
        List<Route> routes = List.of(compiled("first", GET, "/a"), compiled("second", GET, "/b"),
                compiled("third", GET, "/a"));

        assertThatIllegalArgumentException().isThrownBy(() -> RouteTable.of(routes))
                .withMessage("routes first and third both take GET /a");
    }

    @Test
    void acceptsTheSamePathWithDifferentMethodsAndDifferentShapesWithTheSameMethod() {
        RouteTable table = RouteTable.of(List.of(compiled("get", GET, "/a/{id}"), compiled("put", PUT, "/a/{id}"),
                compiled("literal", GET, "/a/b"), compiled("delete", DELETE, "/a/{id}/c")));

        assertThat(table.routes()).extracting(Route::id).containsExactly("get", "put", "literal", "delete");
    }

    @Test
    void overlappingRoutesAreTriedInDeclarationOrder() {
        RouteTable table = RouteTable.of(List.of(compiled("literal", GET, "/a/b"), compiled("variable", GET, "/a/{id}")));

        assertThat(((RouteMatch.Matched) table.match(GET, segments("/a/b"))).route().id()).isEqualTo("literal");
        assertThat(((RouteMatch.Matched) table.match(GET, segments("/a/c"))).route().id()).isEqualTo("variable");
    }

    @Test
    void findsRoutesByIdAndByFilter() {
        assertThat(V1.byId("events.get")).get().extracting(Route::method).isEqualTo(GET);
        assertThat(V1.byId("events.nope")).isEmpty();
        assertThat(V1.routes(r -> r.method() == DELETE)).extracting(Route::id).containsExactly("bookings.cancel");
    }

    @Test
    void routesCannotBeChangedAfterBuilding() {
        assertThatThrownBy(() -> V1.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
