package com.ticketing.stub.payment;

import java.time.Instant;
import java.util.Objects;

/** One payment attempt for a booking. */
public record PaymentRecord(
        String paymentId,
        String bookingId,
        String userId,
        PaymentState state,
        int amountCents,
        String currency,
        PaymentMethod method,
        Instant createdAt) {

    public PaymentRecord {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(bookingId, "bookingId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public PaymentRecord refunded() {
        return new PaymentRecord(paymentId, bookingId, userId, PaymentState.REFUNDED, amountCents, currency,
                method, createdAt);
    }

    public boolean isOwnedBy(String someUserId) {
        return userId.equals(someUserId);
    }
}
