package com.ticketing.stub.booking;

import java.util.EnumSet;
import java.util.Set;

/** Where a booking is in its life; the allowed moves are the policy of the whole platform. */
public enum BookingState {
    /** Waiting in the worker's queue. */
    QUEUED,
    /** Tickets held until the hold expires; awaiting payment. */
    RESERVED,
    /** Paid; tickets issued. Only a refund moves it on (to CANCELLED). */
    CONFIRMED,
    /** Not enough tickets were left. */
    FAILED,
    CANCELLED,
    /** The hold ran out unpaid; tickets returned. */
    EXPIRED;

    /** Whether watchers have seen the last of this booking: no further change is expected. */
    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }

    /** Whether the owner may cancel a booking in this state. */
    public boolean isCancellable() {
        return this == QUEUED || this == RESERVED;
    }

    /** Whether a booking in this state gives its tickets back when it enters it. */
    public boolean returnsTickets() {
        return this == FAILED || this == CANCELLED || this == EXPIRED;
    }

    public boolean canMoveTo(BookingState next) {
        return successors().contains(next);
    }

    private Set<BookingState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RESERVED, FAILED, CANCELLED);
            case RESERVED -> EnumSet.of(CONFIRMED, CANCELLED, EXPIRED);
            case CONFIRMED -> EnumSet.of(CANCELLED);
            case FAILED, CANCELLED, EXPIRED -> EnumSet.noneOf(BookingState.class);
        };
    }
}
