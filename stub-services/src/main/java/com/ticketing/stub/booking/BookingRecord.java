package com.ticketing.stub.booking;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A booking as the ledger stores it. {@code holdExpiresAt} is present only while RESERVED;
 * {@code sequence} orders bookings by creation (newest has the highest).
 */
public record BookingRecord(
        String bookingId,
        String userId,
        String eventId,
        int quantity,
        BookingState state,
        int amountCents,
        String currency,
        Optional<Instant> holdExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        long sequence) {

    public BookingRecord {
        Objects.requireNonNull(bookingId, "bookingId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(holdExpiresAt, "holdExpiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (state != BookingState.RESERVED && holdExpiresAt.isPresent()) {
            throw new IllegalArgumentException("only a RESERVED booking has a hold expiry");
        }
    }

    /** A new QUEUED booking. */
    public static BookingRecord queued(String bookingId, String userId, String eventId, int quantity,
                                       int amountCents, String currency, Instant now, long sequence) {
        return new BookingRecord(bookingId, userId, eventId, quantity, BookingState.QUEUED, amountCents, currency,
                Optional.empty(), now, now, sequence);
    }

    /** This booking in {@code next} (a RESERVED one keeps its hold; see {@link #reserved}). */
    public BookingRecord moveTo(BookingState next, Instant now) {
        Optional<Instant> hold = next == BookingState.RESERVED ? holdExpiresAt : Optional.empty();
        return new BookingRecord(bookingId, userId, eventId, quantity, next, amountCents, currency, hold,
                createdAt, now, sequence);
    }

    /** This booking RESERVED until {@code holdExpiry}. */
    public BookingRecord reserved(Instant holdExpiry, Instant now) {
        return new BookingRecord(bookingId, userId, eventId, quantity, BookingState.RESERVED, amountCents, currency,
                Optional.of(holdExpiry), createdAt, now, sequence);
    }

    public BookingRecord withPrice(int newAmountCents, String newCurrency, Instant now) {
        return new BookingRecord(bookingId, userId, eventId, quantity, state, newAmountCents, newCurrency,
                holdExpiresAt, createdAt, now, sequence);
    }

    public boolean isOwnedBy(String someUserId) {
        return userId.equals(someUserId);
    }

    /** RESERVED with the hold still running at {@code now}. */
    public boolean isPayable(Instant now) {
        return state == BookingState.RESERVED && holdExpiresAt.map(now::isBefore).orElse(true);
    }

    /** RESERVED with the hold run out at {@code now}. */
    public boolean isHoldExpired(Instant now) {
        return state == BookingState.RESERVED && holdExpiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
    }
}
