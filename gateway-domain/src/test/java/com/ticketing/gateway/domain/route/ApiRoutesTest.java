package com.ticketing.gateway.domain.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST contract v1 as the route table declares it. */
class ApiRoutesTest {

    private static final Duration DEFAULT_DEADLINE = Duration.ofMillis(2500);
    private static final Duration PAYMENT_DEADLINE = Duration.ofSeconds(9);
    private static final Duration STREAM_DEADLINE = Duration.ofMinutes(3);
    private static final RouteTable V1 = ApiRoutes.v1(DEFAULT_DEADLINE, PAYMENT_DEADLINE, STREAM_DEADLINE);

    private static Route route(String id) {
        return V1.byId(id).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            auth.register       | AUTH           | Register            | PUBLIC | register | 201 | 201 | TRANSCODE
            auth.login          | AUTH           | Login               | PUBLIC | login    | 200 | 200 | LOGIN
            auth.refresh        | AUTH           | RefreshToken        | PUBLIC | public   | 200 | 200 | REFRESH
            auth.logout         | AUTH           | RevokeSession       | BEARER | user     | 204 | 204 | LOGOUT
            user.profile.get    | AUTH           | GetUserProfile      | BEARER | user     | 200 | 200 | TRANSCODE
            user.profile.update | AUTH           | UpdateUserProfile   | BEARER | user     | 200 | 200 | TRANSCODE
            events.list         | TICKET         | GetEvents           | PUBLIC | public   | 200 | 200 | TRANSCODE
            events.get          | TICKET         | GetEventById        | PUBLIC | public   | 200 | 200 | TRANSCODE
            events.availability | TICKET         | GetAvailableTickets | PUBLIC | public   | 200 | 200 | TRANSCODE
            bookings.list       | BOOKING        | ListBookings        | BEARER | user     | 200 | 200 | TRANSCODE
            bookings.create     | BOOKING        | CreateBooking       | BEARER | user     | 202 | 202 | TRANSCODE
            bookings.get        | BOOKING        | GetBooking          | BEARER | user     | 200 | 200 | TRANSCODE
            bookings.stream     | BOOKING_WORKER | WatchBookingStatus  | BEARER | user     | 200 | 200 | STREAM
            bookings.cancel     | BOOKING        | CancelBooking       | BEARER | user     | 200 | 200 | TRANSCODE
            payments.create     | PAYMENT        | ProcessPayment      | BEARER | payment  | 201 | 200 | TRANSCODE
            payments.get        | PAYMENT        | GetPaymentStatus    | BEARER | user     | 200 | 200 | TRANSCODE
            tickets.list        | TICKET         | ListUserTickets     | BEARER | user     | 200 | 200 | TRANSCODE
            """)
    void everyRouteHasItsOperationAuthLimitStatusesAndKind(String id, Upstream service, String rpc,
                                                           AuthRequirement auth, String limit, int status,
                                                           int replayStatus, RouteKind kind) {
        Route route = route(id);

        assertThat(route.operation()).isEqualTo(new UpstreamOperation(service, rpc));
        assertThat(route.auth()).isEqualTo(auth);
        assertThat(route.rateLimitClass()).isEqualTo(limit);
        assertThat(route.successStatus()).isEqualTo(status);
        assertThat(route.replayStatus()).isEqualTo(replayStatus);
        assertThat(route.kind()).isEqualTo(kind);
    }

    @Test
    void paymentCallsUseThePaymentDeadlineStreamsTheStreamDeadlineAndEveryOtherRouteTheDefault() {
        for (Route route : V1.routes()) {
            Duration expected = switch (route.id()) {
                case "payments.create", "payments.get" -> PAYMENT_DEADLINE;
                case "bookings.stream" -> STREAM_DEADLINE;
                default -> DEFAULT_DEADLINE;
            };
            assertThat(route.deadline()).as(route.id()).isEqualTo(expected);
        }
    }

    @Test
    void everyRouteWithoutADeadlineOfItsOwnTakesItsServicesDeadline() {
        Map<Upstream, Duration> deadlines = new java.util.EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            deadlines.put(service, Duration.ofMillis(1000 + service.ordinal()));
        }
        RouteTable table = ApiRoutes.v1(deadlines, STREAM_DEADLINE, ApiRoutes.EVENT_CACHE_TTL);

        for (Route route : table.routes()) {
            assertThat(route.deadline()).as(route.id()).isEqualTo(route.kind() == RouteKind.STREAM ? STREAM_DEADLINE
                    : deadlines.get(route.operation().service()));
        }
    }

    @Test
    void aServiceWithoutADeadlineIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiRoutes.v1(
                        Map.of(Upstream.AUTH, Duration.ofSeconds(1)), STREAM_DEADLINE, ApiRoutes.EVENT_CACHE_TTL))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("deadline of ticket-service");
    }

    @Test
    void streamsStayOpenTenMinutesUnlessConfigured() {
        RouteTable table = ApiRoutes.v1(DEFAULT_DEADLINE, PAYMENT_DEADLINE);

        assertThat(table.byId("bookings.stream").orElseThrow().deadline()).isEqualTo(ApiRoutes.DEFAULT_STREAM_DEADLINE)
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(table.byId("payments.create").orElseThrow().deadline()).isEqualTo(PAYMENT_DEADLINE);
        assertThat(table.byId("events.list").orElseThrow().deadline()).isEqualTo(DEFAULT_DEADLINE);
    }

    @Test
    void cacheableRoutesAreExactlyTheEventListAndEventDetails() {
        assertThat(V1.routes(r -> r.cache().cacheable())).extracting(Route::id)
                .containsExactlyInAnyOrder("events.list", "events.get");
        assertThat(route("events.list").cache().ttl()).isEqualTo(ApiRoutes.EVENT_CACHE_TTL)
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(route("events.get").cache().ttl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyProtectedRouteIsLimitedPerUserOrAsPayment() {
        assertThat(V1.routes(Route::requiresAuth)).hasSize(12)
                .allSatisfy(r -> assertThat(r.rateLimitClass()).isIn("user", "payment"));
    }

    @Test
    void everyPublicRouteIsLimitedPerClient() {
        assertThat(V1.routes(r -> !r.requiresAuth())).hasSize(6)
                .allSatisfy(r -> assertThat(r.rateLimitClass()).isIn("public", "login", "register"));
    }

    @Test
    void onlyPaymentsRequireAnIdempotencyKeyAndOnlyBookingsTakeOne() {
        for (Route route : V1.routes()) {
            IdempotencyKeyUse expected = switch (route.id()) {
                case "payments.create" -> IdempotencyKeyUse.REQUIRED;
                case "bookings.create" -> IdempotencyKeyUse.OPTIONAL;
                default -> IdempotencyKeyUse.NONE;
            };
            assertThat(route.idempotencyKey()).as(route.id()).isEqualTo(expected);
        }
    }

    @Test
    void onlyCreatedBookingsAnswerWithALocation() {
        for (Route route : V1.routes()) {
            Optional<String> expected = route.id().equals("bookings.create")
                    ? Optional.of("/api/v1/bookings/{bookingId}") : Optional.empty();
            assertThat(route.location().map(LocationTemplate::text)).as(route.id()).isEqualTo(expected);
        }
    }

    @Test
    void bodiesAreTakenExactlyWhereTheContractHasThem() {
        assertThat(V1.routes(Route::jsonBody)).extracting(Route::id).containsExactlyInAnyOrder("auth.register",
                "auth.login", "auth.refresh", "user.profile.update", "bookings.create", "payments.create");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            events.get          | eventId
            events.availability | eventId
            bookings.get        | bookingId
            bookings.stream     | bookingId
            bookings.cancel     | bookingId
            payments.get        | paymentId
            """)
    void pathIdsBindToTheirRequestFields(String id, String field) {
        assertThat(route(id).pathFields()).isEqualTo(Map.of("id", field));
    }

    @Test
    void onlyPathsWithAnIdBindPathFields() {
        assertThat(V1.routes(r -> !r.pathFields().isEmpty())).hasSize(7);
    }

    @Test
    void eventListBindsItsQueryParameters() {
        assertThat(route("events.list").queryFields()).isEqualTo(
                Map.of("category", "category", "q", "q", "page", "page", "pageSize", "pageSize"));
        assertThat(V1.routes(r -> !r.queryFields().isEmpty())).extracting(Route::id).containsExactly("events.list");
    }
}
