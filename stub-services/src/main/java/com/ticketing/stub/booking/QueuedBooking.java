package com.ticketing.stub.booking;

import java.util.Objects;

/** A booking just created, and the queue position it was given. */
public record QueuedBooking(BookingRecord booking, int position) {

    public QueuedBooking {
        Objects.requireNonNull(booking, "booking");
        if (position < 1) {
            throw new IllegalArgumentException("position counts from 1");
        }
    }
}
