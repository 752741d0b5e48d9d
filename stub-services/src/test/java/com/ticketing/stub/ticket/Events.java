package com.ticketing.stub.ticket;

import java.time.Instant;
import java.util.List;

/** Catalog fixtures. */
public final class Events {

    public static final Instant START = Instant.parse("2030-01-01T19:00:00Z");

    private Events() {
    }

    public static EventListing listing(String id, int totalTickets) {
        return new EventListing(id, "Event " + id, "A test event", "Test Hall", "Berlin", "concert",
                START, 4500, "EUR", totalTickets);
    }

    public static EventCatalog catalog(EventListing... events) {
        return new EventCatalog(List.of(events));
    }
}
