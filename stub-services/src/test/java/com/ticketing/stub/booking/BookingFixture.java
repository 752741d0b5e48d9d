package com.ticketing.stub.booking;

import com.ticketing.stub.support.MutableClock;
import com.ticketing.stub.ticket.EventCatalog;
import com.ticketing.stub.ticket.Events;
import com.ticketing.stub.ticket.TicketInventory;
import com.ticketing.stub.ticket.TicketOffice;
import com.ticketing.stub.worker.BookingQueue;
import com.ticketing.stub.worker.ExpirySweeper;
import com.ticketing.stub.worker.QueueProcessor;
import java.time.Duration;

/** The booking side of the stubs wired as in production, on a hand-moved clock, without the worker thread. */
public final class BookingFixture {

    public static final Duration HOLD = Duration.ofMinutes(10);
    public static final String BIG_EVENT = "evt-big";
    public static final String SMALL_EVENT = "evt-small";

    public final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    public final EventCatalog catalog = Events.catalog(Events.listing(BIG_EVENT, 1000), Events.listing(SMALL_EVENT, 20));
    public final TicketInventory inventory = new TicketInventory(catalog);
    public final TicketOffice office = new TicketOffice(catalog, inventory, clock);
    public final BookingLedger ledger = new BookingLedger();
    public final BookingQueue queue = new BookingQueue(ledger::signal);
    public final BookingLifecycle lifecycle = new BookingLifecycle(ledger, queue, office);
    public final BookingDesk desk = new BookingDesk(catalog, ledger, queue, lifecycle, HOLD, clock);
    public final BookingViews views = new BookingViews(queue);
    public final QueueProcessor processor = new QueueProcessor(queue, ledger, lifecycle, inventory, office, HOLD, clock);
    public final ExpirySweeper sweeper = new ExpirySweeper(ledger, lifecycle, clock);

    /** A new QUEUED booking of {@code quantity} tickets of {@code eventId}. */
    public BookingRecord open(String userId, String eventId, int quantity) {
        return desk.open(userId, eventId, quantity).orElseThrow().booking();
    }

    public BookingRecord current(String bookingId) {
        return ledger.find(bookingId).orElseThrow();
    }

    public int available(String eventId) {
        return inventory.available(eventId).orElseThrow();
    }
}
