package com.ticketing.stub.payment;

import com.ticketing.stub.support.Change;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Every payment, shared by all payment service instances. Thread-safe; updates of one payment are atomic. */
public final class PaymentLedger {

    private final ConcurrentHashMap<String, PaymentRecord> payments = new ConcurrentHashMap<>();

    public PaymentRecord add(PaymentRecord payment) {
        if (payments.putIfAbsent(payment.paymentId(), payment) != null) {
            throw new IllegalStateException("duplicate payment id " + payment.paymentId());
        }
        return payment;
    }

    public Optional<PaymentRecord> find(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }

    /** The payment when it belongs to {@code userId}; another user's is as absent as a missing one. */
    public Optional<PaymentRecord> findOwned(String paymentId, String userId) {
        return find(paymentId).filter(payment -> payment.isOwnedBy(userId));
    }

    /** Payments made for a booking (any state). */
    public long countFor(String bookingId) {
        return payments.values().stream().filter(payment -> payment.bookingId().equals(bookingId)).count();
    }

    public Optional<Change<PaymentRecord>> update(String paymentId, UnaryOperator<PaymentRecord> change) {
        AtomicReference<Change<PaymentRecord>> result = new AtomicReference<>();
        payments.computeIfPresent(paymentId, (id, before) -> {
            PaymentRecord after = change.apply(before);
            result.set(new Change<>(before, after));
            return after;
        });
        return Optional.ofNullable(result.get());
    }
}
