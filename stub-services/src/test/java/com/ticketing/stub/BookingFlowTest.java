package com.ticketing.stub;

import static com.ticketing.stub.grpc.GrpcTestSupport.capturing;
import static com.ticketing.stub.grpc.GrpcTestSupport.reason;
import static com.ticketing.stub.grpc.GrpcTestSupport.replayed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CancelBookingRequest;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.ListBookingsRequest;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import com.ticketing.proto.ticket.GetEventsResponse;
import com.ticketing.proto.ticket.ReserveTicketsRequest;
import com.ticketing.proto.worker.GetQueueStatusRequest;
import com.ticketing.proto.worker.QueueStatus;
import com.ticketing.proto.worker.WatchBookingStatusRequest;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BookingFlowTest {

    private static final String BIG = "evt-001";
    private static final String SMALL = "evt-007";

    private final InProcessStubs stubs = new InProcessStubs(UnaryOperator.identity());

    @AfterEach
    void close() throws InterruptedException {
        stubs.close();
    }

    @Test
    void createdBookingIsQueuedWithItsPositionPriceAndTimestamps() {
        stubs.create("usr-1", BIG, 1);

        Booking booking = stubs.create("usr-2", BIG, 2);

        assertThat(booking.getStatus()).isEqualTo(BookingStatus.QUEUED);
        assertThat(booking.getQueuePosition()).isEqualTo(2);
        assertThat(booking.getAmountCents()).isEqualTo(2 * 8900);
        assertThat(booking.getCurrency()).isEqualTo("EUR");
        assertThat(booking.getCreatedAt()).isEqualTo("2029-06-01T10:00:00Z").isEqualTo(booking.getUpdatedAt());
        assertThat(booking.hasHoldExpiresAt()).isFalse();
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheSameBookingMarkedAsReplay() {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        CreateBookingRequest request = CreateBookingRequest.newBuilder().setEventId(BIG).setQuantity(2).build();

        Booking first = capturing(stubs.bookings("usr-1", "key-1"), headers, trailers).createBooking(request);
        assertThat(replayed(headers, trailers)).isFalse();
        Booking again = capturing(stubs.bookings("usr-1", "key-1"), headers, trailers).createBooking(request);

        assertThat(again.getBookingId()).isEqualTo(first.getBookingId());
        assertThat(replayed(headers, trailers)).isTrue();
        assertThat(stubs.bookings("usr-1").listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList())
                .hasSize(1);
        assertThat(stubs.bookings("usr-2", "key-1").createBooking(request).getBookingId())
                .isNotEqualTo(first.getBookingId());
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAlreadyExists() {
        stubs.bookings("usr-1", "key-1").createBooking(
                CreateBookingRequest.newBuilder().setEventId(BIG).setQuantity(2).build());

        assertThatThrownBy(() -> stubs.bookings("usr-1", "key-1").createBooking(
                CreateBookingRequest.newBuilder().setEventId(BIG).setQuantity(3).build()))
                .hasMessage("ALREADY_EXISTS: Idempotency-Key was used with another request");
    }

    @Test
    void quantityOutsideOneToTenIsInvalidArgumentNamingTheField() {
        assertThat(stubs.create("usr-1", BIG, 1).getQuantity()).isEqualTo(1);
        assertThat(stubs.create("usr-1", BIG, 10).getQuantity()).isEqualTo(10);
        assertThatThrownBy(() -> stubs.create("usr-1", BIG, 0))
                .hasMessage("INVALID_ARGUMENT: quantity: must be between 1 and 10");
        assertThatThrownBy(() -> stubs.create("usr-1", BIG, 11))
                .hasMessage("INVALID_ARGUMENT: quantity: must be between 1 and 10");
    }

    @Test
    void unknownEventIsNotFound() {
        assertThatThrownBy(() -> stubs.create("usr-1", "evt-999", 1)).hasMessage("NOT_FOUND: event not found");
    }

    @Test
    void callsWithoutAUserAreUnauthenticated() {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.anonymousBookings().listBookings(ListBookingsRequest.getDefaultInstance()));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void anotherUsersBookingIsNotFoundLikeAMissingOne() {
        Booking booking = stubs.create("usr-1", BIG, 1);

        assertThatThrownBy(() -> stubs.get("usr-2", booking.getBookingId())).hasMessage("NOT_FOUND: booking not found");
        assertThatThrownBy(() -> stubs.get("usr-2", "bkg-missing")).hasMessage("NOT_FOUND: booking not found");
        assertThatThrownBy(() -> stubs.bookings("usr-2").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(booking.getBookingId()).build()))
                .hasMessage("NOT_FOUND: booking not found");
    }

    @Test
    void listShowsOnlyTheCallersBookingsNewestFirst() {
        Booking older = stubs.create("usr-1", BIG, 1);
        stubs.create("usr-2", BIG, 1);
        Booking newer = stubs.create("usr-1", SMALL, 1);

        assertThat(stubs.bookings("usr-1").listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList())
                .extracting(Booking::getBookingId).containsExactly(newer.getBookingId(), older.getBookingId());
    }

    @Test
    void cancellingAReservedBookingReturnsItsTicketsAndFinishedOnesCannotBeCancelled() {
        Booking booking = stubs.reserved("usr-1", SMALL, 5);
        assertThat(available(SMALL)).isEqualTo(15);

        Booking cancelled = stubs.bookings("usr-1").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(booking.getBookingId()).build());

        assertThat(cancelled.getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancelled.hasHoldExpiresAt()).isFalse();
        assertThat(available(SMALL)).isEqualTo(20);
        assertThatThrownBy(() -> stubs.bookings("usr-1").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(booking.getBookingId()).build()))
                .hasMessage("FAILED_PRECONDITION: booking cannot be cancelled in status CANCELLED");
    }

    @Test
    void watchStreamsEveryChangeOfPositionAndStatusUntilAFinalOne() {
        stubs.create("usr-1", BIG, 1);
        Booking mine = stubs.create("usr-2", BIG, 1);
        Iterator<Booking> stream = stubs.worker("usr-2").withDeadlineAfter(10, TimeUnit.SECONDS)
                .watchBookingStatus(WatchBookingStatusRequest.newBuilder().setBookingId(mine.getBookingId()).build());

        assertThat(stream.next().getQueuePosition()).isEqualTo(2);
        stubs.processNext();
        assertThat(stream.next().getQueuePosition()).isEqualTo(1);
        stubs.processNext();
        Booking reserved = stream.next();
        assertThat(reserved.getStatus()).isEqualTo(BookingStatus.RESERVED);
        assertThat(reserved.hasQueuePosition()).isFalse();
        assertThat(reserved.getHoldExpiresAt()).isEqualTo("2029-06-01T10:10:00Z");
        stubs.bookings("usr-2").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(mine.getBookingId()).build());
        assertThat(stream.next().getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(stream.hasNext()).isFalse();
        assertThat(stubs.backends.ledger().listenerCount(mine.getBookingId())).isZero();
    }

    @Test
    void watchingAFinishedBookingSendsItOnceAndCompletes() {
        Booking booking = stubs.create("usr-1", SMALL, 1);
        stubs.bookings("usr-1").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(booking.getBookingId()).build());

        Iterator<Booking> stream = stubs.worker("usr-1").watchBookingStatus(
                WatchBookingStatusRequest.newBuilder().setBookingId(booking.getBookingId()).build());

        assertThat(stream.next().getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void watchingAnotherUsersBookingIsNotFound() {
        Booking booking = stubs.create("usr-1", BIG, 1);

        Iterator<Booking> stream = stubs.worker("usr-2").watchBookingStatus(
                WatchBookingStatusRequest.newBuilder().setBookingId(booking.getBookingId()).build());

        assertThatThrownBy(stream::hasNext).hasMessage("NOT_FOUND: booking not found");
    }

    @Test
    void cancelledWatchStopsListening() throws InterruptedException {
        Booking booking = stubs.create("usr-1", BIG, 1);
        CountDownLatch firstUpdate = new CountDownLatch(1);
        Context.CancellableContext watch = Context.current().withCancellation();
        watch.run(() -> stubs.asyncWorker("usr-1").watchBookingStatus(
                WatchBookingStatusRequest.newBuilder().setBookingId(booking.getBookingId()).build(),
                countingDown(firstUpdate)));
        assertThat(firstUpdate.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stubs.backends.ledger().listenerCount(booking.getBookingId())).isEqualTo(1);

        watch.cancel(null);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stubs.backends.ledger().listenerCount(booking.getBookingId()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(stubs.backends.ledger().listenerCount(booking.getBookingId())).isZero();
    }

    @Test
    void queueStatusReportsPositionLengthAndStatus() {
        stubs.create("usr-1", BIG, 1);
        Booking mine = stubs.create("usr-2", BIG, 1);

        QueueStatus status = stubs.worker("usr-2").getQueueStatus(
                GetQueueStatusRequest.newBuilder().setBookingId(mine.getBookingId()).build());

        assertThat(status.getQueuePosition()).isEqualTo(2);
        assertThat(status.getQueueLength()).isEqualTo(2);
        assertThat(status.getStatus()).isEqualTo(BookingStatus.QUEUED);
    }

    @Test
    void soldOutEventFailsTheBookingAndTheTicketServiceSaysSoldOut() {
        stubs.reserved("usr-1", SMALL, 10);
        stubs.reserved("usr-2", SMALL, 10);

        assertThat(stubs.reserved("usr-3", SMALL, 1).getStatus()).isEqualTo(BookingStatus.FAILED);
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.anonymousTickets().reserveTickets(ReserveTicketsRequest.newBuilder()
                        .setEventId(SMALL).setBookingId("bkg-direct").setQuantity(1).build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(failure)).contains("SOLD_OUT");
    }

    @Test
    void eventListingFiltersPagesAndValidatesPaging() {
        GetEventsResponse concerts = stubs.anonymousTickets().getEvents(
                GetEventsRequest.newBuilder().setCategory("Concert").setPageSize(2).build());

        assertThat(concerts.getPage()).isEqualTo(1);
        assertThat(concerts.getPageSize()).isEqualTo(2);
        assertThat(concerts.getEventsList()).hasSize(2);
        assertThat(concerts.getTotal()).isGreaterThan(2);
        assertThat(stubs.anonymousTickets().getEvents(GetEventsRequest.getDefaultInstance()).getPageSize())
                .isEqualTo(20);
        assertThatThrownBy(() -> stubs.anonymousTickets().getEvents(GetEventsRequest.newBuilder().setPage(-1).build()))
                .hasMessage("INVALID_ARGUMENT: page: must be at least 1");
        assertThatThrownBy(() -> stubs.anonymousTickets().getEvents(
                GetEventsRequest.newBuilder().setPageSize(101).build()))
                .hasMessage("INVALID_ARGUMENT: pageSize: must be between 1 and 100");
        assertThatThrownBy(() -> stubs.anonymousTickets().getEventById(
                GetEventByIdRequest.newBuilder().setEventId("evt-999").build()))
                .hasMessage("NOT_FOUND: event not found");
    }

    private int available(String eventId) {
        return stubs.anonymousTickets().getEventById(GetEventByIdRequest.newBuilder().setEventId(eventId).build())
                .getAvailableTickets();
    }

    private static StreamObserver<Booking> countingDown(CountDownLatch updates) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Booking value) {
                updates.countDown();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
