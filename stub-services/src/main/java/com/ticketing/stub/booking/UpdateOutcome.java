package com.ticketing.stub.booking;

/** The outcome of an internal booking update. */
public sealed interface UpdateOutcome {

    record Updated(BookingRecord booking) implements UpdateOutcome {
    }

    record NotFound() implements UpdateOutcome {
    }

    /** The booking's life does not allow this move (see {@link BookingState#canMoveTo}). */
    record IllegalMove(BookingState from, BookingState to) implements UpdateOutcome {
    }
}
