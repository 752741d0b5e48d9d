package com.ticketing.stub.ticket;

import java.util.Objects;

/** A sold allocation: seats {@code firstSeat} … {@code firstSeat + quantity - 1} (0-based) of the event. */
public record SoldSeats(Allocation allocation, int firstSeat) {

    public SoldSeats {
        Objects.requireNonNull(allocation, "allocation");
        if (firstSeat < 0) {
            throw new IllegalArgumentException("firstSeat must not be negative");
        }
    }
}
