package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.booking.ListBookingsRequest;
import com.ticketing.proto.booking.ListBookingsResponse;
import com.ticketing.proto.ticket.Event;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import com.ticketing.proto.worker.WatchBookingStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up's sample services over a real TCP connection, and the sample replies they send. */
class SampleServicesIT {

    private SampleServices services;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        services = SampleServices.start(OperationRegistry.platformServiceDescriptors().values(), "sample");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", services.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        services.close();
    }

    @Test
    void answersUnaryCallsWithTheSampleOfTheirReplyType() {
        Event event = TicketServiceGrpc.newBlockingStub(channel)
                .getEventById(GetEventByIdRequest.newBuilder().setEventId("evt-001").build());
        assertThat(event.getId()).isEqualTo("sample");
        assertThat(event.getName()).isEqualTo("sample");
        assertThat(event.getPriceCents()).isEqualTo(1);
        assertThat(event).isEqualTo(SampleServices.sample(Event.getDefaultInstance(), "sample"));

        ListBookingsResponse bookings = BookingServiceGrpc.newBlockingStub(channel)
                .listBookings(ListBookingsRequest.getDefaultInstance());
        assertThat(bookings.getBookingsList()).hasSize(2)
                .allSatisfy(booking -> assertThat(booking.getStatus()).isEqualTo(BookingStatus.QUEUED));
        assertThat(BookingServiceGrpc.newBlockingStub(channel).getBooking(GetBookingRequest.newBuilder().setBookingId("b").build())
                .getBookingId()).isEqualTo("sample");
    }

    @Test
    void aServerStreamSendsOneSampleAndEnds() {
        Iterator<Booking> stream = BookingQueueServiceGrpc.newBlockingStub(channel)
                .watchBookingStatus(WatchBookingStatusRequest.getDefaultInstance());
        List<Booking> received = new ArrayList<>();
        stream.forEachRemaining(received::add);
        assertThat(received).containsExactly((Booking) SampleServices.sample(Booking.getDefaultInstance(), "sample"));
    }

    /** The full sample, then the lean one, in turn per RPC: the zero values of a real reply take other branches. */
    @Test
    void answersWithTheFullSampleAndTheLeanOneInTurn() {
        TicketServiceGrpc.TicketServiceBlockingStub tickets = TicketServiceGrpc.newBlockingStub(channel);
        GetEventByIdRequest request = GetEventByIdRequest.newBuilder().setEventId("evt-001").build();
        assertThat(tickets.getEventById(request)).isEqualTo(SampleServices.sample(Event.getDefaultInstance(), "sample"));
        Event lean = tickets.getEventById(request);
        assertThat(lean).isEqualTo(SampleServices.lean(Event.getDefaultInstance(), "sample"));
        assertThat(lean.getName()).as("texts as in the sample").isEqualTo("sample");
        assertThat(lean.getPriceCents()).as("numbers zero").isZero();
        assertThat(tickets.getEventById(request).getPriceCents()).as("the full one again").isEqualTo(1);

        ListBookingsResponse bookings = BookingServiceGrpc.newBlockingStub(channel).listBookings(ListBookingsRequest.getDefaultInstance());
        assertThat(bookings.getBookingsList()).as("each RPC in turn on its own: this one's first answer").hasSize(2);
        assertThat(BookingServiceGrpc.newBlockingStub(channel).listBookings(ListBookingsRequest.getDefaultInstance())
                .getBookingsList()).as("lists empty").isEmpty();
    }

    @Test
    void aReplySetForAMethodTakesThePlaceOfTheSamples() {
        Event set = Event.newBuilder().setId("evt-set").setName("set").build();
        services.answer(TicketServiceGrpc.getGetEventByIdMethod().getFullMethodName(), set);
        TicketServiceGrpc.TicketServiceBlockingStub tickets = TicketServiceGrpc.newBlockingStub(channel);
        assertThat(tickets.getEventById(GetEventByIdRequest.getDefaultInstance())).isEqualTo(set);
        assertThat(tickets.getEventById(GetEventByIdRequest.getDefaultInstance())).as("every call").isEqualTo(set);
        assertThat(tickets.getAvailableTickets(com.ticketing.proto.ticket.GetAvailableTicketsRequest.getDefaultInstance())
                .getEventId()).as("other methods as before").isEqualTo("sample");
    }

    /** As a real service answers an unknown id: the warm-up drives the gateway's path for a service's refusal too. */
    @Test
    void aRequestNamingTheMissingThingIsAnsweredNotFound() {
        BookingServiceGrpc.BookingServiceBlockingStub bookings = BookingServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> bookings.getBooking(GetBookingRequest.newBuilder().setBookingId(SampleServices.MISSING).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> BookingQueueServiceGrpc.newBlockingStub(channel).watchBookingStatus(
                WatchBookingStatusRequest.newBuilder().setBookingId(SampleServices.MISSING).build()).next())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(bookings.getBooking(GetBookingRequest.newBuilder().setBookingId(SampleServices.MISSING + "-not").build())
                .getBookingId()).as("only the exact text").isEqualTo("sample");
    }

    @Test
    void aSampleBodyIsTheSampleAsCompactJson() {
        assertThat(SampleServices.sampleJson(CreateBookingRequest.getDefaultInstance(), "s"))
                .isEqualTo("{\"eventId\":\"s\",\"quantity\":1}");
    }

    @Test
    void reportsItselfServingToHealthChecks() {
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void servesOnlyTheServicesItWasGiven() throws IOException {
        try (SampleServices ticketsOnly = SampleServices.start(
                List.of(OperationRegistry.platformServiceDescriptors().get(Upstream.TICKET)), "t")) {
            ManagedChannel other = NettyChannelBuilder.forAddress("127.0.0.1", ticketsOnly.port()).usePlaintext().build();
            try {
                assertThat(TicketServiceGrpc.newBlockingStub(other).getEventById(GetEventByIdRequest.getDefaultInstance())
                        .getId()).isEqualTo("t");
                assertThatThrownBy(() -> BookingServiceGrpc.newBlockingStub(other).getBooking(GetBookingRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
            } finally {
                other.shutdownNow();
            }
        }
    }

    /** Every reply type of every platform RPC: each field is set, repeated ones twice, enums off their zero value. */
    @Test
    void theSampleOfEveryReplyTypeSetsEveryField() {
        for (ServiceDescriptor service : OperationRegistry.platformServiceDescriptors().values()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getResponseMarshaller())
                        .getMessagePrototype();
                Message sample = SampleServices.sample(prototype, "x");
                assertFilled(sample, method.getFullMethodName(), 1);
                assertThat(SampleServices.sample(prototype, "x")).as("the same every time").isEqualTo(sample);
            }
        }
    }

    private static void assertFilled(Message message, String where, int depth) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            String name = where + "." + field.getName();
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= SampleServices.MAX_DEPTH) {
                assertThat(field.isRepeated() ? message.getRepeatedFieldCount(field) : message.hasField(field) ? 1 : 0)
                        .as(name + " (below the depth filled)").isZero();
                continue;
            }
            List<Object> values = new ArrayList<>();
            if (field.isRepeated()) {
                assertThat(message.getRepeatedFieldCount(field)).as(name).isEqualTo(2);
                for (int i = 0; i < 2; i++) {
                    values.add(message.getRepeatedField(field, i));
                }
            } else {
                assertThat(message.hasField(field)).as(name + " is set").isTrue();
                values.add(message.getField(field));
            }
            for (Object value : values) {
                switch (field.getJavaType()) {
                    case STRING -> assertThat(value).as(name).isEqualTo("x");
                    case INT -> assertThat(value).as(name).isEqualTo(1);
                    case LONG -> assertThat(value).as(name).isEqualTo(1L);
                    case BOOLEAN -> assertThat(value).as(name).isEqualTo(true);
                    case ENUM -> assertThat(((EnumValueDescriptor) value).getNumber()).as(name).isNotZero();
                    case MESSAGE -> assertFilled((Message) value, name, depth + 1);
                    default -> assertThat(value).as(name).isNotNull();
                }
            }
        }
    }
}
