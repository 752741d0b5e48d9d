package com.ticketing.stub.ticket;

import com.ticketing.proto.ticket.Event;
import com.ticketing.proto.ticket.Ticket;
import com.ticketing.stub.support.Timestamps;

/** Catalog and ticket values as protobuf messages. */
final class TicketProtos {

    private TicketProtos() {
    }

    static Event event(EventListing listing, int available) {
        return Event.newBuilder()
                .setId(listing.id())
                .setName(listing.name())
                .setDescription(listing.description())
                .setVenue(listing.venue())
                .setCity(listing.city())
                .setCategory(listing.category())
                .setStartsAt(Timestamps.format(listing.startsAt()))
                .setPriceCents(listing.priceCents())
                .setCurrency(listing.currency())
                .setTotalTickets(listing.totalTickets())
                .setAvailableTickets(available)
                .build();
    }

    static Ticket ticket(IssuedTicket ticket) {
        return Ticket.newBuilder()
                .setTicketId(ticket.ticketId())
                .setBookingId(ticket.bookingId())
                .setEventId(ticket.eventId())
                .setEventName(ticket.eventName())
                .setSeat(ticket.seat())
                .setCode(ticket.code())
                .setIssuedAt(Timestamps.format(ticket.issuedAt()))
                .build();
    }
}
