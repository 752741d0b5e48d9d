package com.ticketing.stub.payment;

/** The outcome of charging a booking. */
public sealed interface ChargeOutcome {

    /** Paid: the booking is CONFIRMED and its tickets are issued. */
    record Charged(PaymentRecord payment) implements ChargeOutcome {
    }

    /** The card was declined; the payment is recorded as DECLINED and the booking stays RESERVED. */
    record Declined(PaymentRecord payment) implements ChargeOutcome {
    }

    /** No such booking of this user. */
    record BookingNotFound() implements ChargeOutcome {
    }

    /** The booking is not RESERVED with a running hold. */
    record NotPayable() implements ChargeOutcome {
    }
}
