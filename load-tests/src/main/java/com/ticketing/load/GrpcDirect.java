package com.ticketing.load;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.ticket.GetAvailableTicketsRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The direct baseline: the same stub operations the gateway ends in, called with grpc-java
 * blocking stubs from the same generator, with the metadata the gateway sends (authorization,
 * x-user-id, x-session-id, x-request-id) and the same deadline. One channel per service instance
 * (the gateway has one channel per service over the same instances, one connection each).
 */
public final class GrpcDirect implements AutoCloseable {

    private static final long DEADLINE_MILLIS = 5000;

    private final List<ManagedChannel> ticket;
    private final List<ManagedChannel> booking;

    /** @param ticketTarget and bookingTarget {@code host:port,host:port} */
    public GrpcDirect(String ticketTarget, String bookingTarget) {
        this.ticket = channels(ticketTarget);
        this.booking = channels(bookingTarget);
    }

    private static List<ManagedChannel> channels(String target) {
        List<ManagedChannel> channels = new ArrayList<>();
        for (String address : target.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            channels.add(Grpc.newChannelBuilderForAddress(a.substring(0, colon),
                    Integer.parseInt(a.substring(colon + 1)), InsecureChannelCredentials.create()).build());
        }
        return List.copyOf(channels);
    }

    public List<Caller> callers(Operation operation, Fixture fixture, int count) {
        List<Caller> callers = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            int worker = w;
            callers.add(index -> {
                try {
                    call(operation, fixture, index, worker);
                    return 200;
                } catch (StatusRuntimeException e) {
                    return Caller.GRPC_STATUS_BASE + e.getStatus().getCode().value();
                }
            });
        }
        return callers;
    }

    private void call(Operation operation, Fixture fixture, long index, int worker) {
        Metadata headers = new Metadata();
        headers.put(CallHeaders.REQUEST_ID, "load-" + worker + "-" + index);
        switch (operation) {
            case EVENTS -> TicketServiceGrpc.newBlockingStub(pick(ticket, index))
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .getEvents(GetEventsRequest.getDefaultInstance());
            case AVAILABILITY -> TicketServiceGrpc.newBlockingStub(pick(ticket, index))
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .getAvailableTickets(GetAvailableTicketsRequest.newBuilder()
                            .setEventId(Fixture.ALL_EVENTS.get((int) (index % Fixture.ALL_EVENTS.size()))).build());
            case BOOKING_GET -> {
                Fixture.BookingRef ref = fixture.bookings().get((int) (index % fixture.bookings().size()));
                identify(headers, ref.owner());
                BookingServiceGrpc.newBlockingStub(pick(booking, index))
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                        .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                        .getBooking(GetBookingRequest.newBuilder().setBookingId(ref.bookingId()).build());
            }
            case BOOKING_CREATE -> {
                int users = fixture.users().size();
                Fixture.User user = fixture.users().get((int) (index % users));
                String event = Fixture.LARGE_EVENTS.get((int) ((index / users) % Fixture.LARGE_EVENTS.size()));
                identify(headers, user);
                BookingServiceGrpc.newBlockingStub(pick(booking, index))
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                        .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                        .createBooking(CreateBookingRequest.newBuilder().setEventId(event).setQuantity(1).build());
            }
        }
    }

    private static void identify(Metadata headers, Fixture.User user) {
        headers.put(CallHeaders.AUTHORIZATION, "Bearer " + user.accessToken());
        headers.put(CallHeaders.USER_ID, user.userId());
        if (!user.sessionId().isEmpty()) {
            headers.put(CallHeaders.SESSION_ID, user.sessionId());
        }
    }

    private static ManagedChannel pick(List<ManagedChannel> channels, long index) {
        return channels.get((int) (index % channels.size()));
    }

    @Override
    public void close() {
        for (ManagedChannel channel : ticket) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : booking) {
            channel.shutdownNow();
        }
    }
}
