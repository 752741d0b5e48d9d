package com.ticketing.stub.ticket;

/** Tickets returned to an event by one release (0 when nothing was held), and how many are now available. */
public record Release(int released, int available) {
}
