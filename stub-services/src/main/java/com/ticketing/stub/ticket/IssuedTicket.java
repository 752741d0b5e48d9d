package com.ticketing.stub.ticket;

import java.time.Instant;
import java.util.Objects;

/** One issued ticket: one seat of a confirmed booking, with the code printed on it. */
public record IssuedTicket(
        String ticketId,
        String bookingId,
        String userId,
        String eventId,
        String eventName,
        String seat,
        String code,
        Instant issuedAt) {

    public IssuedTicket {
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(bookingId, "bookingId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(seat, "seat");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
