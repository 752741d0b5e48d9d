package com.ticketing.stub.booking;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.stub.support.Timestamps;
import java.util.Optional;
import java.util.OptionalInt;

/** Bookings as protobuf messages: queue_position only while QUEUED, hold_expires_at only while RESERVED. */
public final class BookingViews {

    private final WaitingLine line;

    public BookingViews(WaitingLine line) {
        this.line = line;
    }

    /** The booking with its current queue position. */
    public Booking render(BookingRecord booking) {
        return render(booking, booking.state() == BookingState.QUEUED
                ? line.position(booking.bookingId())
                : OptionalInt.empty());
    }

    /** The booking with a known queue position (e.g. the one it was given when it was enqueued). */
    public Booking render(BookingRecord booking, OptionalInt queuePosition) {
        Booking.Builder view = Booking.newBuilder()
                .setBookingId(booking.bookingId())
                .setEventId(booking.eventId())
                .setQuantity(booking.quantity())
                .setStatus(status(booking.state()))
                .setAmountCents(booking.amountCents())
                .setCurrency(booking.currency())
                .setCreatedAt(Timestamps.format(booking.createdAt()))
                .setUpdatedAt(Timestamps.format(booking.updatedAt()));
        if (booking.state() == BookingState.QUEUED) {
            queuePosition.ifPresent(view::setQueuePosition);
        }
        if (booking.state() == BookingState.RESERVED) {
            booking.holdExpiresAt().ifPresent(expiry -> view.setHoldExpiresAt(Timestamps.format(expiry)));
        }
        return view.build();
    }

    public static BookingStatus status(BookingState state) {
        return BookingStatus.valueOf(state.name());
    }

    /** The state named by a wire status; empty for UNSPECIFIED or unknown values. */
    public static Optional<BookingState> state(BookingStatus status) {
        return switch (status) {
            case BOOKING_STATUS_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
            default -> Optional.of(BookingState.valueOf(status.name()));
        };
    }
}
