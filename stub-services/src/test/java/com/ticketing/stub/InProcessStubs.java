package com.ticketing.stub;

import static com.ticketing.stub.grpc.GrpcTestSupport.as;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.BookingServiceGrpc.BookingServiceBlockingStub;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.payment.PaymentServiceGrpc.PaymentServiceBlockingStub;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.ticket.TicketServiceGrpc.TicketServiceBlockingStub;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc.BookingQueueServiceBlockingStub;
import com.ticketing.proto.worker.BookingQueueServiceGrpc.BookingQueueServiceStub;
import com.ticketing.stub.support.MutableClock;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Every stub service on one in-process server over the production wiring, on a hand-moved clock.
 * The worker does not run by itself: tests step it with {@link #processNext()}.
 */
final class InProcessStubs implements AutoCloseable {

    final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    final StubBackends backends;
    private final Server server;
    private final ManagedChannel channel;

    InProcessStubs(UnaryOperator<StubConfig> settings) {
        backends = new StubBackends(settings.apply(StubConfig.defaults().withEphemeralPorts().withClock(clock)));
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
        for (StubService service : StubService.values()) {
            builder.addService(backends.definition(service));
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
    }

    BookingServiceBlockingStub bookings(String userId) {
        return as(BookingServiceGrpc.newBlockingStub(channel), userId);
    }

    BookingServiceBlockingStub bookings(String userId, String idempotencyKey) {
        return as(BookingServiceGrpc.newBlockingStub(channel), userId, idempotencyKey);
    }

    BookingServiceBlockingStub anonymousBookings() {
        return BookingServiceGrpc.newBlockingStub(channel);
    }

    BookingQueueServiceBlockingStub worker(String userId) {
        return as(BookingQueueServiceGrpc.newBlockingStub(channel), userId);
    }

    BookingQueueServiceStub asyncWorker(String userId) {
        return as(BookingQueueServiceGrpc.newStub(channel), userId);
    }

    PaymentServiceBlockingStub payments(String userId) {
        return as(PaymentServiceGrpc.newBlockingStub(channel), userId);
    }

    PaymentServiceBlockingStub payments(String userId, String idempotencyKey) {
        return as(PaymentServiceGrpc.newBlockingStub(channel), userId, idempotencyKey);
    }

    TicketServiceBlockingStub tickets(String userId) {
        return as(TicketServiceGrpc.newBlockingStub(channel), userId);
    }

    TicketServiceBlockingStub anonymousTickets() {
        return TicketServiceGrpc.newBlockingStub(channel);
    }

    Booking create(String userId, String eventId, int quantity) {
        return bookings(userId).createBooking(
                CreateBookingRequest.newBuilder().setEventId(eventId).setQuantity(quantity).build());
    }

    /** A booking of the user that the worker has already decided (RESERVED unless sold out). */
    Booking reserved(String userId, String eventId, int quantity) {
        Booking booking = create(userId, eventId, quantity);
        while (processNext()) {
            // decide everyone ahead, then this one
        }
        return get(userId, booking.getBookingId());
    }

    Booking get(String userId, String bookingId) {
        return bookings(userId).getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build());
    }

    /** One step of the worker; false when the line was empty. */
    boolean processNext() {
        return backends.processor().processNext().isPresent();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        backends.close();
    }
}
