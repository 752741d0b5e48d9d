package com.ticketing.stub.worker;

import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingLifecycle;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import com.ticketing.stub.support.Change;
import com.ticketing.stub.ticket.ReserveOutcome;
import com.ticketing.stub.ticket.TicketInventory;
import com.ticketing.stub.ticket.TicketOffice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Decides queued bookings in FIFO order: tickets held → RESERVED until now + hold duration; not
 * enough left (or no such event) → FAILED. Meant to be driven by a single thread
 * ({@link WorkerSchedule}); safe against concurrent cancellations.
 */
public final class QueueProcessor {

    private static final Logger LOG = Logger.getLogger(QueueProcessor.class.getName());

    private final BookingQueue queue;
    private final BookingLedger ledger;
    private final BookingLifecycle lifecycle;
    private final TicketInventory inventory;
    private final TicketOffice office;
    private final Duration holdDuration;
    private final Clock clock;

    public QueueProcessor(BookingQueue queue, BookingLedger ledger, BookingLifecycle lifecycle,
                          TicketInventory inventory, TicketOffice office, Duration holdDuration, Clock clock) {
        this.queue = queue;
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.inventory = inventory;
        this.office = office;
        this.holdDuration = holdDuration;
        this.clock = clock;
    }

    /** Decides the first still-queued booking in line; empty when there is none. */
    public Optional<BookingRecord> processNext() {
        for (Optional<String> head = queue.head(); head.isPresent(); head = queue.head()) {
            String bookingId = head.get();
            Optional<BookingRecord> queued = ledger.find(bookingId)
                    .filter(booking -> booking.state() == BookingState.QUEUED);
            if (queued.isPresent()) {
                BookingRecord decided = decide(queued.get());
                queue.remove(bookingId);
                return Optional.of(decided);
            }
            queue.remove(bookingId);
        }
        return Optional.empty();
    }

    private BookingRecord decide(BookingRecord booking) {
        Instant now = clock.instant();
        String bookingId = booking.bookingId();
        ReserveOutcome outcome = inventory.reserve(booking.eventId(), bookingId, booking.quantity());
        if (outcome instanceof ReserveOutcome.Reserved) {
            BookingRecord after = settle(bookingId, current -> current.reserved(now.plus(holdDuration), now));
            if (after.state() != BookingState.RESERVED) {
                // Cancelled while its tickets were being held: give them back.
                office.release(booking.eventId(), bookingId);
            }
            LOG.fine(() -> "booking " + bookingId + " → " + after.state());
            return after;
        }
        BookingRecord after = settle(bookingId, current -> current.moveTo(BookingState.FAILED, now));
        LOG.fine(() -> "booking " + bookingId + " → " + after.state() + " (" + outcome + ")");
        return after;
    }

    /** Applies {@code decision} if the booking is still QUEUED; the booking afterwards. */
    private BookingRecord settle(String bookingId, UnaryOperator<BookingRecord> decision) {
        return lifecycle.transition(bookingId,
                        current -> current.state() == BookingState.QUEUED ? decision.apply(current) : current)
                .map(Change::after)
                .orElseThrow(() -> new IllegalStateException("booking vanished: " + bookingId));
    }
}
