package com.ticketing.stub.booking;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** An internal update of a booking; absent fields stay as they are. */
public record BookingChange(
        Optional<BookingState> state,
        OptionalInt amountCents,
        Optional<String> currency,
        Optional<Instant> holdExpiresAt) {

    public BookingChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(amountCents, "amountCents");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(holdExpiresAt, "holdExpiresAt");
    }
}
