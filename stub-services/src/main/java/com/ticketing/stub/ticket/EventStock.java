package com.ticketing.stub.ticket;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tickets of one event: how many are available and which bookings hold or bought the rest.
 * Thread-safe: every method holds this stock's monitor, so a reservation is one atomic step.
 */
final class EventStock {

    private final String eventId;
    private int available;
    private int nextSeat;
    private final Map<String, Allocation> allocations = new HashMap<>();
    private final Map<String, Integer> firstSeats = new HashMap<>();
    private final Set<String> released = new HashSet<>();

    EventStock(String eventId, int totalTickets) {
        this.eventId = eventId;
        this.available = totalTickets;
    }

    synchronized ReserveOutcome reserve(String bookingId, int quantity) {
        Allocation existing = allocations.get(bookingId);
        if (existing != null) {
            return new ReserveOutcome.Reserved(existing, available);
        }
        if (released.contains(bookingId)) {
            return new ReserveOutcome.AlreadyReleased();
        }
        if (quantity > available) {
            return new ReserveOutcome.SoldOut(available);
        }
        available -= quantity;
        Allocation allocation = new Allocation(eventId, bookingId, quantity);
        allocations.put(bookingId, allocation);
        return new ReserveOutcome.Reserved(allocation, available);
    }

    /** Returns the booking's tickets, held or sold, once; later calls release nothing. */
    synchronized Release release(String bookingId) {
        Allocation allocation = allocations.remove(bookingId);
        if (allocation == null) {
            return new Release(0, available);
        }
        firstSeats.remove(bookingId);
        released.add(bookingId);
        available += allocation.quantity();
        return new Release(allocation.quantity(), available);
    }

    /** Turns the booking's hold into sold seats (idempotent); empty when nothing is held. */
    synchronized Optional<SoldSeats> sell(String bookingId) {
        Allocation allocation = allocations.get(bookingId);
        if (allocation == null) {
            return Optional.empty();
        }
        Integer firstSeat = firstSeats.get(bookingId);
        if (firstSeat == null) {
            firstSeat = nextSeat;
            nextSeat += allocation.quantity();
            firstSeats.put(bookingId, firstSeat);
        }
        return Optional.of(new SoldSeats(allocation, firstSeat));
    }

    synchronized int available() {
        return available;
    }
}
