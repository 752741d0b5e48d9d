package com.ticketing.stub.payment;

import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingLifecycle;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import com.ticketing.stub.support.Change;
import com.ticketing.stub.support.Ids;
import com.ticketing.stub.ticket.TicketOffice;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Charges and refunds bookings. Thread-safe: confirming a booking is one atomic step of the
 * booking (RESERVED with a running hold → tickets issued → CONFIRMED), so a booking is never
 * charged twice, whatever the idempotency keys.
 */
public final class Cashier {

    private final BookingLedger bookings;
    private final BookingLifecycle lifecycle;
    private final TicketOffice office;
    private final PaymentLedger payments;
    private final Clock clock;

    public Cashier(BookingLedger bookings, BookingLifecycle lifecycle, TicketOffice office, PaymentLedger payments,
                   Clock clock) {
        this.bookings = bookings;
        this.lifecycle = lifecycle;
        this.office = office;
        this.payments = payments;
        this.clock = clock;
    }

    public ChargeOutcome charge(String userId, String bookingId, PaymentMethod method) {
        Optional<BookingRecord> booking = bookings.findOwned(bookingId, userId);
        if (booking.isEmpty()) {
            return new ChargeOutcome.BookingNotFound();
        }
        Instant now = clock.instant();
        if (method.isDeclined()) {
            return booking.get().isPayable(now)
                    ? new ChargeOutcome.Declined(payments.add(payment(booking.get(), PaymentState.DECLINED, method, now)))
                    : new ChargeOutcome.NotPayable();
        }
        Optional<Change<BookingRecord>> confirmation = lifecycle.transition(bookingId, current ->
                current.isPayable(now) && office.issue(current.bookingId(), current.userId()).isPresent()
                        ? current.moveTo(BookingState.CONFIRMED, now)
                        : current);
        return confirmation
                .filter(change -> change.changed() && change.after().state() == BookingState.CONFIRMED)
                .<ChargeOutcome>map(change -> new ChargeOutcome.Charged(
                        payments.add(payment(change.after(), PaymentState.SUCCEEDED, method, now))))
                .orElseGet(ChargeOutcome.NotPayable::new);
    }

    public RefundOutcome refund(String userId, String paymentId) {
        if (payments.findOwned(paymentId, userId).isEmpty()) {
            return new RefundOutcome.NotFound();
        }
        Instant now = clock.instant();
        Change<PaymentRecord> change = payments.update(paymentId,
                        payment -> payment.state() == PaymentState.SUCCEEDED ? payment.refunded() : payment)
                .orElseThrow();
        if (change.changed()) {
            lifecycle.transition(change.after().bookingId(), booking ->
                    booking.state() == BookingState.CONFIRMED ? booking.moveTo(BookingState.CANCELLED, now) : booking);
        }
        PaymentRecord payment = change.after();
        return payment.state() == PaymentState.REFUNDED
                ? new RefundOutcome.Refunded(payment)
                : new RefundOutcome.NotRefundable(payment.state());
    }

    private static PaymentRecord payment(BookingRecord booking, PaymentState state, PaymentMethod method, Instant now) {
        return new PaymentRecord(Ids.next("pay"), booking.bookingId(), booking.userId(), state,
                booking.amountCents(), booking.currency(), method, now);
    }
}
