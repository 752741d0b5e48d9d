package com.ticketing.stub.ticket;

import com.ticketing.stub.support.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues tickets for bookings whose tickets are held, and takes them back. Thread-safe; issuing is
 * idempotent per booking (the same tickets again).
 */
public final class TicketOffice {

    private static final int CODE_LENGTH = 12;

    private final EventCatalog catalog;
    private final TicketInventory inventory;
    private final Clock clock;
    private final ConcurrentHashMap<String, List<IssuedTicket>> issued = new ConcurrentHashMap<>();

    public TicketOffice(EventCatalog catalog, TicketInventory inventory, Clock clock) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** One ticket per seat of the booking's held tickets; empty when the booking holds none. */
    public Optional<List<IssuedTicket>> issue(String bookingId, String userId) {
        return Optional.ofNullable(issued.computeIfAbsent(bookingId,
                id -> inventory.sell(id).map(seats -> print(seats, userId)).orElse(null)));
    }

    /** Voids the booking's tickets, if any, and returns its seats to the event; empty for an unknown event. */
    public Optional<Release> release(String eventId, String bookingId) {
        Optional<Release> release = inventory.release(eventId, bookingId);
        release.filter(r -> r.released() > 0).ifPresent(r -> issued.remove(bookingId));
        return release;
    }

    /** The user's tickets, oldest first. */
    public List<IssuedTicket> ticketsOf(String userId) {
        return issued.values().stream()
                .flatMap(List::stream)
                .filter(ticket -> ticket.userId().equals(userId))
                .sorted(Comparator.comparing(IssuedTicket::issuedAt)
                        .thenComparing(IssuedTicket::bookingId)
                        .thenComparing(IssuedTicket::seat))
                .toList();
    }

    private List<IssuedTicket> print(SoldSeats seats, String userId) {
        Allocation allocation = seats.allocation();
        String eventName = catalog.find(allocation.eventId()).map(EventListing::name).orElse(allocation.eventId());
        Instant now = clock.instant();
        List<IssuedTicket> tickets = new ArrayList<>();
        for (int i = 0; i < allocation.quantity(); i++) {
            tickets.add(new IssuedTicket(Ids.next("tkt"), allocation.bookingId(), userId, allocation.eventId(),
                    eventName, SeatLabels.label(seats.firstSeat() + i), Ids.code(CODE_LENGTH), now));
        }
        return List.copyOf(tickets);
    }
}
