package com.ticketing.stub.booking;

import com.ticketing.stub.support.Change;
import com.ticketing.stub.ticket.TicketOffice;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Changes bookings and carries out what a change implies: a booking that leaves QUEUED leaves the
 * waiting line; one that becomes FAILED, CANCELLED or EXPIRED gives its tickets back (issued ones
 * are voided). Thread-safe.
 */
public final class BookingLifecycle {

    private final BookingLedger ledger;
    private final WaitingLine line;
    private final TicketOffice office;

    public BookingLifecycle(BookingLedger ledger, WaitingLine line, TicketOffice office) {
        this.ledger = ledger;
        this.line = line;
        this.office = office;
    }

    /** Applies {@code change} atomically (see {@link BookingLedger#update}), then its consequences. */
    public Optional<Change<BookingRecord>> transition(String bookingId, UnaryOperator<BookingRecord> change) {
        Optional<Change<BookingRecord>> result = ledger.update(bookingId, change);
        result.filter(Change::changed).ifPresent(this::settle);
        return result;
    }

    private void settle(Change<BookingRecord> change) {
        BookingState before = change.before().state();
        BookingState after = change.after().state();
        if (before == after) {
            return;
        }
        if (before == BookingState.QUEUED) {
            line.remove(change.after().bookingId());
        }
        if (after.returnsTickets()) {
            office.release(change.after().eventId(), change.after().bookingId());
        }
    }
}
