package com.ticketing.stub.worker;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import com.ticketing.proto.worker.EnqueueBookingRequest;
import com.ticketing.proto.worker.EnqueueBookingResponse;
import com.ticketing.proto.worker.GetQueueStatusRequest;
import com.ticketing.proto.worker.QueueStatus;
import com.ticketing.proto.worker.WatchBookingStatusRequest;
import com.ticketing.stub.booking.BookingGrpcService;
import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import com.ticketing.stub.booking.BookingViews;
import com.ticketing.stub.grpc.Caller;
import com.ticketing.stub.grpc.Failures;
import com.ticketing.stub.grpc.Unary;
import com.ticketing.stub.grpc.Violations;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The booking worker's API: its queue and a status stream per booking. Enqueue and status may be
 * called by the platform's services without a user; when the call names one, only that user's
 * bookings are found. Watching always needs the owner.
 */
public final class BookingQueueGrpcService extends BookingQueueServiceGrpc.BookingQueueServiceImplBase {

    private final BookingLedger ledger;
    private final BookingQueue queue;
    private final BookingViews views;

    public BookingQueueGrpcService(BookingLedger ledger, BookingQueue queue, BookingViews views) {
        this.ledger = ledger;
        this.queue = queue;
        this.views = views;
    }

    @Override
    public void enqueueBooking(EnqueueBookingRequest request, StreamObserver<EnqueueBookingResponse> responses) {
        Unary.answer(responses, () -> {
            BookingRecord booking = visibleBooking(request.getBookingId());
            if (booking.state() != BookingState.QUEUED) {
                throw Failures.failedPrecondition("booking is not queued (status " + booking.state() + ")");
            }
            return EnqueueBookingResponse.newBuilder()
                    .setBookingId(booking.bookingId())
                    .setQueuePosition(queue.enqueue(booking.bookingId()))
                    .build();
        });
    }

    @Override
    public void getQueueStatus(GetQueueStatusRequest request, StreamObserver<QueueStatus> responses) {
        Unary.answer(responses, () -> {
            BookingRecord booking = visibleBooking(request.getBookingId());
            return QueueStatus.newBuilder()
                    .setBookingId(booking.bookingId())
                    .setQueuePosition(booking.state() == BookingState.QUEUED
                            ? queue.position(booking.bookingId()).orElse(0)
                            : 0)
                    .setQueueLength(queue.length())
                    .setStatus(BookingViews.status(booking.state()))
                    .build();
        });
    }

    @Override
    public void watchBookingStatus(WatchBookingStatusRequest request, StreamObserver<Booking> responses) {
        try {
            String userId = Caller.current().requireUserId();
            BookingRecord booking = ledger.findOwned(request.getBookingId(), userId)
                    .orElseThrow(BookingGrpcService::bookingNotFound);
            new BookingWatch(booking.bookingId(), ledger, views, (ServerCallStreamObserver<Booking>) responses).start();
        } catch (RuntimeException e) {
            Unary.fail(responses, e);
        }
    }

    private BookingRecord visibleBooking(String bookingId) {
        new Violations().notBlank("bookingId", bookingId).throwIfAny();
        return ledger.find(bookingId)
                .filter(booking -> Caller.current().userId().map(booking::isOwnedBy).orElse(true))
                .orElseThrow(BookingGrpcService::bookingNotFound);
    }
}
