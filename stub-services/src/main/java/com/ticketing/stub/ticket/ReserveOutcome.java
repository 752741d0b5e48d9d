package com.ticketing.stub.ticket;

/** The outcome of asking for tickets for a booking. */
public sealed interface ReserveOutcome {

    /** The tickets are held for the booking (now, or by an earlier call for the same booking). */
    record Reserved(Allocation allocation, int available) implements ReserveOutcome {
    }

    /** Fewer tickets are left than asked for; nothing was held. */
    record SoldOut(int available) implements ReserveOutcome {
    }

    /** No such event. */
    record UnknownEvent() implements ReserveOutcome {
    }

    /** The booking's tickets were held and released before; a released booking cannot hold again. */
    record AlreadyReleased() implements ReserveOutcome {
    }
}
