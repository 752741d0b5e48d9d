package com.ticketing.stub.worker;

import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingLifecycle;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import com.ticketing.stub.support.Change;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/** Moves RESERVED bookings whose hold ran out to EXPIRED; their tickets go back to the event. Thread-safe. */
public final class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class.getName());

    private final BookingLedger ledger;
    private final BookingLifecycle lifecycle;
    private final Clock clock;

    public ExpirySweeper(BookingLedger ledger, BookingLifecycle lifecycle, Clock clock) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Expires every hold that ran out by now; how many bookings expired. */
    public int sweep() {
        Instant now = clock.instant();
        int expired = 0;
        for (BookingRecord booking : ledger.inState(BookingState.RESERVED)) {
            if (booking.isHoldExpired(now) && lifecycle.transition(booking.bookingId(),
                            current -> current.isHoldExpired(now) ? current.moveTo(BookingState.EXPIRED, now) : current)
                    .map(Change::changed).orElse(false)) {
                LOG.fine(() -> "booking " + booking.bookingId() + " expired");
                expired++;
            }
        }
        return expired;
    }
}
