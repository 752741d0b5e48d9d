package com.ticketing.stub.booking;

/** The outcome of an owner's cancellation. */
public sealed interface CancelOutcome {

    /** Now CANCELLED; it left the queue or its held tickets went back to the event. */
    record Cancelled(BookingRecord booking) implements CancelOutcome {
    }

    /** No such booking of this user. */
    record NotFound() implements CancelOutcome {
    }

    /** The booking is past the point where it can be cancelled. */
    record NotCancellable(BookingState state) implements CancelOutcome {
    }
}
