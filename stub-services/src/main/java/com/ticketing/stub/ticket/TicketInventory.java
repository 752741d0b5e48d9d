package com.ticketing.stub.ticket;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Live ticket counts of every catalog event. Thread-safe; never oversells: each reservation is
 * atomic per event, and reservations are idempotent per booking id.
 */
public final class TicketInventory {

    private final Map<String, EventStock> stocks;
    private final ConcurrentHashMap<String, String> eventOfBooking = new ConcurrentHashMap<>();

    public TicketInventory(EventCatalog catalog) {
        this.stocks = catalog.all().stream().collect(Collectors.toUnmodifiableMap(
                EventListing::id, event -> new EventStock(event.id(), event.totalTickets()), (a, b) -> a));
    }

    public ReserveOutcome reserve(String eventId, String bookingId, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        EventStock stock = stocks.get(eventId);
        if (stock == null) {
            return new ReserveOutcome.UnknownEvent();
        }
        ReserveOutcome outcome = stock.reserve(bookingId, quantity);
        if (outcome instanceof ReserveOutcome.Reserved) {
            eventOfBooking.putIfAbsent(bookingId, eventId);
        }
        return outcome;
    }

    /** Returns the booking's tickets to the event once; empty for an unknown event. */
    public Optional<Release> release(String eventId, String bookingId) {
        return Optional.ofNullable(stocks.get(eventId)).map(stock -> stock.release(bookingId));
    }

    /** Marks the booking's held tickets as sold and numbers their seats; empty when none are held. */
    public Optional<SoldSeats> sell(String bookingId) {
        return Optional.ofNullable(eventOfBooking.get(bookingId))
                .map(stocks::get)
                .flatMap(stock -> stock.sell(bookingId));
    }

    public OptionalInt available(String eventId) {
        EventStock stock = stocks.get(eventId);
        return stock == null ? OptionalInt.empty() : OptionalInt.of(stock.available());
    }
}
