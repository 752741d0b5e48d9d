package com.ticketing.stub.booking;

import java.util.OptionalInt;

/**
 * The FIFO line of QUEUED bookings that the booking worker serves. Implementations are thread-safe.
 * Positions count from 1 at the head.
 */
public interface WaitingLine {

    /** Puts the booking at the end of the line (no-op when it is already in line); its position. */
    int enqueue(String bookingId);

    /** Takes the booking out of the line; false when it was not in line. Those behind move up. */
    boolean remove(String bookingId);

    OptionalInt position(String bookingId);

    int length();
}
