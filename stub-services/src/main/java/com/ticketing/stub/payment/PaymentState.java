package com.ticketing.stub.payment;

/** Where a payment is: charged, declined by the card issuer, or paid back. */
public enum PaymentState {
    SUCCEEDED,
    DECLINED,
    REFUNDED
}
