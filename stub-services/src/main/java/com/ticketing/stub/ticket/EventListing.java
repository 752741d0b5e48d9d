package com.ticketing.stub.ticket;

import java.time.Instant;
import java.util.Objects;

/** One event of the catalog; its live availability is kept by {@link TicketInventory}. */
public record EventListing(
        String id,
        String name,
        String description,
        String venue,
        String city,
        String category,
        Instant startsAt,
        int priceCents,
        String currency,
        int totalTickets) {

    public EventListing {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(currency, "currency");
        if (priceCents < 0) {
            throw new IllegalArgumentException("priceCents must not be negative");
        }
        if (totalTickets < 1) {
            throw new IllegalArgumentException("totalTickets must be positive");
        }
    }

    /** The price of {@code quantity} tickets in minor units. */
    public int priceOf(int quantity) {
        return Math.multiplyExact(priceCents, quantity);
    }
}
