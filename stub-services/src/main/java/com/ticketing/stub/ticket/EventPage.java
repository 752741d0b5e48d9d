package com.ticketing.stub.ticket;

import java.util.List;

/** One page of search results and the number of all matches. */
public record EventPage(List<EventListing> events, int total) {

    public EventPage {
        events = List.copyOf(events);
    }
}
