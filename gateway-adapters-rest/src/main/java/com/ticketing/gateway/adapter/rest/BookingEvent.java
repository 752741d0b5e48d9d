package com.ticketing.gateway.adapter.rest;

import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One booking status message as an event of the status stream, with its SSE {@code id}: a
 * number that grows with the booking's progress, the same on every gateway instance, so that
 * a reconnect's {@code Last-Event-ID} tells which states the client has seen. Queued with
 * position p is {@code QUEUED_BASE - p} (moving up the queue is progress), reserved is
 * {@link #RESERVED_ID}, every final status {@link #FINAL_ID}: a booking reaches one final status
 * only, and after it nothing more is sent.
 *
 * @param id      the event's id
 * @param isFinal whether the booking's status is final (the stream ends after it)
 */
record BookingEvent(long id, boolean isFinal) {

    static final long QUEUED_BASE = 1_000_000_000L;
    static final long RESERVED_ID = 2_000_000_000L;
    static final long FINAL_ID = 3_000_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The event for a {@code Booking} JSON message; a message without a known status gets the lowest id. */
    static BookingEvent of(byte[] bookingJson) {
        JsonNode booking;
        try {
            booking = JSON.readTree(bookingJson);
        } catch (JacksonException e) {
            return new BookingEvent(0, false);
        }
        String status = booking.path("status").asString("");
        return switch (status) {
            case "QUEUED" -> new BookingEvent(QUEUED_BASE - Math.clamp(booking.path("queuePosition").asLong(0), 0,
                    QUEUED_BASE - 1), false);
            case "RESERVED" -> new BookingEvent(RESERVED_ID, false);
            case "CONFIRMED", "FAILED", "CANCELLED", "EXPIRED" -> new BookingEvent(FINAL_ID, true);
            default -> new BookingEvent(0, false);
        };
    }

    /** A client's {@code Last-Event-ID}, when it is one of these ids; anything else counts as none. */
    static OptionalLong lastEventId(String header) {
        if (header == null || header.isEmpty() || header.length() > 19 || !header.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(header));
    }

    /** Whether a client that last saw {@code lastEventId} has seen this state (or a later one). */
    boolean seenBy(OptionalLong lastEventId) {
        return lastEventId.isPresent() && id <= lastEventId.getAsLong();
    }
}
