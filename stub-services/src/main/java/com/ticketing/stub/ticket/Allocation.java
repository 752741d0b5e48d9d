package com.ticketing.stub.ticket;

import java.util.Objects;

/** Tickets of one event held for one booking. */
public record Allocation(String eventId, String bookingId, int quantity) {

    public Allocation {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(bookingId, "bookingId");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}
