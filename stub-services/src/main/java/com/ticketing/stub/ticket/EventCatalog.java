package com.ticketing.stub.ticket;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The immutable list of events, ordered by start time then id. Thread-safe. */
public final class EventCatalog {

    private final List<EventListing> ordered;
    private final Map<String, EventListing> byId;

    public EventCatalog(List<EventListing> events) {
        this.ordered = events.stream()
                .sorted(Comparator.comparing(EventListing::startsAt).thenComparing(EventListing::id))
                .toList();
        this.byId = events.stream().collect(Collectors.toUnmodifiableMap(EventListing::id, Function.identity()));
    }

    public static EventCatalog seeded(Clock clock) {
        return new EventCatalog(CatalogSeed.events(clock));
    }

    public Optional<EventListing> find(String eventId) {
        return Optional.ofNullable(byId.get(eventId));
    }

    public List<EventListing> all() {
        return ordered;
    }

    public EventPage search(EventQuery query) {
        List<EventListing> matches = ordered.stream().filter(query::matches).toList();
        List<EventListing> page = matches.stream().skip(query.offset()).limit(query.pageSize()).toList();
        return new EventPage(page, matches.size());
    }
}
