package com.ticketing.stub.payment;

import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.payment.PaymentStatus;
import com.ticketing.stub.support.Timestamps;

/** Payments as protobuf messages. */
final class PaymentProtos {

    private PaymentProtos() {
    }

    static Payment payment(PaymentRecord payment) {
        return Payment.newBuilder()
                .setPaymentId(payment.paymentId())
                .setBookingId(payment.bookingId())
                .setStatus(PaymentStatus.valueOf(payment.state().name()))
                .setAmountCents(payment.amountCents())
                .setCurrency(payment.currency())
                .setCreatedAt(Timestamps.format(payment.createdAt()))
                .build();
    }
}
