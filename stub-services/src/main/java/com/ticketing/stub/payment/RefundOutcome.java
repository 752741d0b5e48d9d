package com.ticketing.stub.payment;

/** The outcome of refunding a payment. */
public sealed interface RefundOutcome {

    /** REFUNDED (now or before); the booking is CANCELLED and its tickets returned. */
    record Refunded(PaymentRecord payment) implements RefundOutcome {
    }

    /** No such payment of this user. */
    record NotFound() implements RefundOutcome {
    }

    /** Only a SUCCEEDED payment can be refunded. */
    record NotRefundable(PaymentState state) implements RefundOutcome {
    }
}
