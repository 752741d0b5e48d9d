package com.ticketing.gateway.adapter.grpc;

import static com.ticketing.gateway.domain.route.RouteDefinition.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.RouteDefinition;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import io.grpc.ServiceDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationRegistryTest {

    private final OperationRegistry registry = OperationRegistry.platformServices();

    @Test
    void findsAnRpcWithItsRequestAndReplyMessages() {
        GrpcOperation create = registry.require(new UpstreamOperation(Upstream.BOOKING, "CreateBooking"));

        assertThat(create.method().getFullMethodName()).isEqualTo("booking.BookingService/CreateBooking");
        assertThat(create.request().prototype()).isEqualTo(CreateBookingRequest.getDefaultInstance());
        assertThat(create.reply().prototype()).isEqualTo(Booking.getDefaultInstance());
        assertThat(create.unary()).isTrue();
    }

    @Test
    void knowsTheWorkersStreamingRpc() {
        assertThat(registry.require(new UpstreamOperation(Upstream.BOOKING_WORKER, "WatchBookingStatus"))
                .serverStreaming()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"TICKET, GetEvent", "BOOKING, GetEvents", "AUTH, Logout"})
    void rejectsAnOperationNoServiceOffers(Upstream service, String rpc) {
        assertThatThrownBy(() -> registry.require(new UpstreamOperation(service, rpc)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rpc).hasMessageContaining(service.healthName());
    }

    @Test
    void acceptsTheRealRouteTable() {
        assertThatCode(() -> registry.validate(ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(10))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesARouteToAnUnknownRpc() {
        assertValidateFails(route("x", HttpMethod.GET, "/x").to(Upstream.TICKET, "GetEvent"),
                "route x: no RPC GetEvent on ticket-service");
    }

    @Test
    void refusesAPathBindingToAFieldTheRequestDoesNotHave() {
        assertValidateFails(route("x", HttpMethod.GET, "/x/{id}").to(Upstream.BOOKING, "GetBooking").pathField("id", "id"),
                "route x: booking.GetBookingRequest has no field 'id'");
    }

    @Test
    void refusesABindingToARepeatedField() {
        assertValidateFails(route("x", HttpMethod.GET, "/x").to(Upstream.BOOKING, "ListBookings")
                .location("/x/{bookings}"), "booking.ListBookingsResponse.bookings is repeated MESSAGE");
    }

    @Test
    void refusesALocationVariableTheReplyDoesNotHave() {
        assertValidateFails(route("x", HttpMethod.POST, "/x").to(Upstream.BOOKING, "CreateBooking").jsonBody()
                .location("/x/{id}"), "booking.Booking has no field 'id'");
    }

    @Test
    void refusesAStreamRouteToAUnaryRpcAndTheOtherWayRound() {
        assertValidateFails(route("x", HttpMethod.GET, "/x").to(Upstream.BOOKING, "ListBookings").kind(RouteKind.STREAM),
                "UNARY, the route needs SERVER_STREAMING");
        assertValidateFails(route("x", HttpMethod.GET, "/x/{id}").to(Upstream.BOOKING_WORKER, "WatchBookingStatus")
                .pathField("id", "bookingId"), "SERVER_STREAMING, the route needs UNARY");
    }

    @Test
    void refusesALogoutRouteWhoseRequestHasNoSessionId() {
        assertValidateFails(route("x", HttpMethod.POST, "/x").to(Upstream.AUTH, "GetUserProfile").kind(RouteKind.LOGOUT),
                "auth.GetUserProfileRequest has no field 'sessionId'");
    }

    @Test
    void exactlyTheReadRpcsAreIdempotentByTheirContract() {
        Map<Upstream, ServiceDescriptor> services = Map.of(
                Upstream.AUTH, AuthServiceGrpc.getServiceDescriptor(),
                Upstream.TICKET, TicketServiceGrpc.getServiceDescriptor(),
                Upstream.BOOKING, BookingServiceGrpc.getServiceDescriptor(),
                Upstream.PAYMENT, PaymentServiceGrpc.getServiceDescriptor(),
                Upstream.BOOKING_WORKER, BookingQueueServiceGrpc.getServiceDescriptor());
        Set<String> idempotent = new TreeSet<>();
        services.forEach((service, descriptor) -> descriptor.getMethods().forEach(method -> {
            UpstreamOperation id = new UpstreamOperation(service, method.getBareMethodName());
            if (registry.require(id).idempotent()) {
                idempotent.add(id.toString());
            }
        }));

        assertThat(idempotent).containsExactly(
                "auth-service/GetUserProfile", "auth-service/ValidateToken",
                "booking-service/GetBooking", "booking-service/ListBookings",
                "booking-worker/GetQueueStatus", "booking-worker/WatchBookingStatus",
                "payment-service/GetPaymentStatus",
                "ticket-service/GetAvailableTickets", "ticket-service/GetEventById", "ticket-service/GetEvents",
                "ticket-service/ListUserTickets");
    }

    private void assertValidateFails(RouteDefinition definition, String message) {
        RouteTable table = RouteTable.of(List.of(definition.compile()));
        assertThatThrownBy(() -> registry.validate(table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
