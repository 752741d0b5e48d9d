package com.ticketing.stub.worker;

import com.ticketing.proto.booking.Booking;
import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingViews;
import com.ticketing.stub.booking.Subscription;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Optional;

/**
 * One WatchBookingStatus stream: sends the booking at once and again whenever its rendering
 * (status, queue position, hold…) changes; completes after a final status. Driven by ledger
 * signals, never by polling; a cancelled call unsubscribes. Thread-safe (signals arrive from any thread).
 */
final class BookingWatch {

    private final String bookingId;
    private final BookingLedger ledger;
    private final BookingViews views;
    private final ServerCallStreamObserver<Booking> stream;
    private Subscription subscription;
    private Booking lastSent;
    private boolean finished;

    BookingWatch(String bookingId, BookingLedger ledger, BookingViews views, ServerCallStreamObserver<Booking> stream) {
        this.bookingId = bookingId;
        this.ledger = ledger;
        this.views = views;
        this.stream = stream;
    }

    /** Must run inside the RPC method (the cancel handler can only be set there). */
    synchronized void start() {
        stream.setOnCancelHandler(this::stop);
        subscription = ledger.subscribe(bookingId, this::refresh);
        refresh();
    }

    private synchronized void refresh() {
        if (finished) {
            return;
        }
        if (stream.isCancelled()) {
            stop();
            return;
        }
        Optional<BookingRecord> booking = ledger.find(bookingId);
        if (booking.isEmpty()) {
            return;
        }
        Booking view = views.render(booking.get());
        if (!view.equals(lastSent)) {
            stream.onNext(view);
            lastSent = view;
        }
        if (booking.get().state().isFinal()) {
            stop();
            stream.onCompleted();
        }
    }

    private synchronized void stop() {
        finished = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}
