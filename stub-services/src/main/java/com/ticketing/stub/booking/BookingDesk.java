package com.ticketing.stub.booking;

import com.ticketing.stub.support.Change;
import com.ticketing.stub.support.Ids;
import com.ticketing.stub.ticket.EventCatalog;
import com.ticketing.stub.ticket.EventListing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Opens, cancels and (for the platform's services) updates bookings. Thread-safe. */
public final class BookingDesk {

    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 10;

    private final EventCatalog catalog;
    private final BookingLedger ledger;
    private final WaitingLine line;
    private final BookingLifecycle lifecycle;
    private final Duration holdDuration;
    private final Clock clock;

    public BookingDesk(EventCatalog catalog, BookingLedger ledger, WaitingLine line, BookingLifecycle lifecycle,
                       Duration holdDuration, Clock clock) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.line = line;
        this.lifecycle = lifecycle;
        this.holdDuration = holdDuration;
        this.clock = clock;
    }

    /** A new QUEUED booking priced from the event, put at the end of the line; empty for an unknown event. */
    public Optional<QueuedBooking> open(String userId, String eventId, int quantity) {
        if (quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be between " + MIN_QUANTITY + " and " + MAX_QUANTITY);
        }
        Optional<EventListing> event = catalog.find(eventId);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        BookingRecord booking = BookingRecord.queued(Ids.next("bkg"), userId, eventId, quantity,
                event.get().priceOf(quantity), event.get().currency(), clock.instant(), ledger.nextSequence());
        ledger.add(booking);
        return Optional.of(new QueuedBooking(booking, line.enqueue(booking.bookingId())));
    }

    public CancelOutcome cancel(String userId, String bookingId) {
        if (ledger.findOwned(bookingId, userId).isEmpty()) {
            return new CancelOutcome.NotFound();
        }
        Instant now = clock.instant();
        Optional<Change<BookingRecord>> change = lifecycle.transition(bookingId, booking ->
                booking.state().isCancellable() ? booking.moveTo(BookingState.CANCELLED, now) : booking);
        return change.<CancelOutcome>map(c -> c.changed()
                        ? new CancelOutcome.Cancelled(c.after())
                        : new CancelOutcome.NotCancellable(c.before().state()))
                .orElseGet(CancelOutcome.NotFound::new);
    }

    /**
     * Applies an internal change. A move to RESERVED without a hold expiry holds for the configured
     * duration. When {@code ownerId} is present, another user's booking is not found.
     */
    public UpdateOutcome update(String bookingId, Optional<String> ownerId, BookingChange change) {
        Optional<BookingRecord> current = ledger.find(bookingId)
                .filter(booking -> ownerId.map(booking::isOwnedBy).orElse(true));
        if (current.isEmpty()) {
            return new UpdateOutcome.NotFound();
        }
        Instant now = clock.instant();
        AtomicReference<UpdateOutcome> refused = new AtomicReference<>();
        Optional<Change<BookingRecord>> result = lifecycle.transition(bookingId, booking -> {
            BookingState target = change.state().orElse(booking.state());
            if (target != booking.state() && !booking.state().canMoveTo(target)) {
                refused.set(new UpdateOutcome.IllegalMove(booking.state(), target));
                return booking;
            }
            return applied(booking, target, change, now);
        });
        if (refused.get() != null) {
            return refused.get();
        }
        return result.<UpdateOutcome>map(c -> new UpdateOutcome.Updated(c.after()))
                .orElseGet(UpdateOutcome.NotFound::new);
    }

    private BookingRecord applied(BookingRecord booking, BookingState target, BookingChange change, Instant now) {
        BookingRecord next = booking;
        if (target == BookingState.RESERVED) {
            Instant hold = change.holdExpiresAt().or(booking::holdExpiresAt).orElse(now.plus(holdDuration));
            next = next.reserved(hold, now);
        } else if (target != booking.state()) {
            next = next.moveTo(target, now);
        }
        if (change.amountCents().isPresent() || change.currency().isPresent()) {
            next = next.withPrice(change.amountCents().orElse(next.amountCents()),
                    change.currency().orElse(next.currency()), now);
        }
        return next;
    }
}
