package com.ticketing.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The scenarios: one gateway route each, and the stub operation it ends in (for the direct baseline). */
public enum Operation {
    /** Cached {@code GET /api/v1/events} (gateway response cache) → TicketService.GetEvents. */
    EVENTS("events", "GET /api/v1/events (cached)", "TicketService.GetEvents"),
    /** Uncached, public {@code GET /api/v1/events/{id}/availability} → TicketService.GetAvailableTickets. */
    AVAILABILITY("availability", "GET /api/v1/events/{id}/availability", "TicketService.GetAvailableTickets"),
    /** Authenticated {@code GET /api/v1/bookings/{id}}: token, session, limits → BookingService.GetBooking. */
    BOOKING_GET("booking-get", "GET /api/v1/bookings/{id} (authenticated)", "BookingService.GetBooking"),
    /** Authenticated {@code POST /api/v1/bookings} → BookingService.CreateBooking (enqueues). */
    BOOKING_CREATE("booking-create", "POST /api/v1/bookings (authenticated)", "BookingService.CreateBooking");

    private final String id;
    private final String route;
    private final String grpcMethod;

    Operation(String id, String route, String grpcMethod) {
        this.id = id;
        this.route = route;
        this.grpcMethod = grpcMethod;
    }

    public String id() {
        return id;
    }

    public String route() {
        return route;
    }

    public String grpcMethod() {
        return grpcMethod;
    }

    public static Operation byId(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + id + "; known: "
                        + Arrays.stream(values()).map(Operation::id).toList()));
    }

    /** The prepared HTTP requests, used in turn (request i is {@code requests[i % n]}). */
    public List<byte[]> httpRequests(String hostHeader, Fixture fixture) {
        List<byte[]> requests = new ArrayList<>();
        switch (this) {
            case EVENTS -> requests.add(HttpConnection.get(hostHeader, "/api/v1/events"));
            case AVAILABILITY -> Fixture.ALL_EVENTS.forEach(event ->
                    requests.add(HttpConnection.get(hostHeader, "/api/v1/events/" + event + "/availability")));
            case BOOKING_GET -> fixture.bookings().forEach(booking ->
                    requests.add(HttpConnection.get(hostHeader, "/api/v1/bookings/" + booking.bookingId(),
                            "Authorization: Bearer " + booking.owner().accessToken())));
            case BOOKING_CREATE -> {
                for (int e = 0; e < Fixture.LARGE_EVENTS.size(); e++) {
                    for (Fixture.User user : fixture.users()) {
                        requests.add(HttpConnection.request("POST", hostHeader, "/api/v1/bookings",
                                "{\"eventId\":\"" + Fixture.LARGE_EVENTS.get(e) + "\",\"quantity\":1}",
                                "Authorization: Bearer " + user.accessToken()));
                    }
                }
            }
        }
        return requests;
    }

    /** One caller per connection, each sending the prepared requests in turn. */
    public List<Caller> httpCallers(List<HttpConnection> connections, String hostHeader, Fixture fixture) {
        byte[][] requests = httpRequests(hostHeader, fixture).toArray(byte[][]::new);
        List<Caller> callers = new ArrayList<>();
        for (HttpConnection connection : connections) {
            callers.add(index -> connection.exchange(requests[(int) (index % requests.length)]));
        }
        return callers;
    }
}
