package com.ticketing.stub.payment;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.payment.GetPaymentStatusRequest;
import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.payment.ProcessPaymentRequest;
import com.ticketing.proto.payment.RefundPaymentRequest;
import com.ticketing.stub.booking.BookingGrpcService;
import com.ticketing.stub.grpc.Caller;
import com.ticketing.stub.grpc.Failures;
import com.ticketing.stub.grpc.ResponseHeaders;
import com.ticketing.stub.grpc.Unary;
import com.ticketing.stub.grpc.Violations;
import com.ticketing.stub.support.IdempotencyStore;
import com.ticketing.stub.support.IdempotentOutcome;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The payment service. Each (user, Idempotency-Key) charges at most once: a repeated key with the
 * same body replays the first payment (a decline replays as a decline) with {@code x-idempotent-replay: true}.
 */
public final class PaymentGrpcService extends PaymentServiceGrpc.PaymentServiceImplBase {

    public static final String DOMAIN = "payment.ticketing";

    private final Cashier cashier;
    private final PaymentLedger payments;
    private final ScheduledExecutorService lateReplies;
    private final Duration slowPaymentDelay;
    private final IdempotencyStore<String> idempotency = new IdempotencyStore<>();

    /**
     * @param lateReplies      answers {@code tok_slow} payments after {@code slowPaymentDelay} without
     *                         holding a request thread
     */
    public PaymentGrpcService(Cashier cashier, PaymentLedger payments, ScheduledExecutorService lateReplies,
                              Duration slowPaymentDelay) {
        this.cashier = cashier;
        this.payments = payments;
        this.lateReplies = lateReplies;
        this.slowPaymentDelay = slowPaymentDelay;
    }

    @Override
    public void processPayment(ProcessPaymentRequest request, StreamObserver<Payment> responses) {
        try {
            Caller caller = Caller.current();
            String userId = caller.requireUserId();
            Optional<PaymentMethod> method = PaymentMethod.ofToken(request.getPaymentMethodToken());
            new Violations()
                    .check(caller.idempotencyKey().isPresent(), "Idempotency-Key", "header is required")
                    .notBlank("bookingId", request.getBookingId())
                    .check(method.isPresent(), "paymentMethodToken", "unknown payment method")
                    .throwIfAny();
            PaymentBody body = new PaymentBody(request.getBookingId(), request.getPaymentMethodToken());
            IdempotentOutcome<String> outcome = idempotency.execute(userId, caller.idempotencyKey().get(), body,
                    () -> charge(userId, request.getBookingId(), method.get()));
            switch (outcome) {
                case IdempotentOutcome.Fresh<String> fresh -> {
                    PaymentRecord payment = payments.find(fresh.result()).orElseThrow();
                    if (payment.state() != PaymentState.DECLINED && method.get().answersLate()) {
                        answerLate(responses, payment);
                    } else {
                        Unary.answer(responses, () -> answer(payment));
                    }
                }
                case IdempotentOutcome.Replayed<String> replayed -> {
                    ResponseHeaders.current().markIdempotentReplay();
                    Unary.answer(responses, () -> answer(payments.find(replayed.result()).orElseThrow()));
                }
                case IdempotentOutcome.Conflict<String> conflict ->
                        throw Failures.alreadyExists("Idempotency-Key was used with another request");
            }
        } catch (RuntimeException e) {
            Unary.fail(responses, e);
        }
    }

    @Override
    public void getPaymentStatus(GetPaymentStatusRequest request, StreamObserver<Payment> responses) {
        Unary.answer(responses, () -> payments.findOwned(request.getPaymentId(), Caller.current().requireUserId())
                .map(PaymentProtos::payment)
                .orElseThrow(PaymentGrpcService::paymentNotFound));
    }

    @Override
    public void refundPayment(RefundPaymentRequest request, StreamObserver<Payment> responses) {
        Unary.answer(responses, () -> switch (cashier.refund(Caller.current().requireUserId(), request.getPaymentId())) {
            case RefundOutcome.Refunded refunded -> PaymentProtos.payment(refunded.payment());
            case RefundOutcome.NotFound notFound -> throw paymentNotFound();
            case RefundOutcome.NotRefundable refused ->
                    throw Failures.failedPrecondition("payment cannot be refunded in status " + refused.state());
        });
    }

    /** Charges and returns the payment id to store under the key; failures that store nothing are thrown. */
    private String charge(String userId, String bookingId, PaymentMethod method) {
        return switch (cashier.charge(userId, bookingId, method)) {
            case ChargeOutcome.Charged charged -> charged.payment().paymentId();
            case ChargeOutcome.Declined declined -> declined.payment().paymentId();
            case ChargeOutcome.BookingNotFound notFound -> throw BookingGrpcService.bookingNotFound();
            case ChargeOutcome.NotPayable notPayable -> throw Failures.aborted(
                    CallHeaders.REASON_BOOKING_NOT_PAYABLE, DOMAIN, "booking is not awaiting payment");
        };
    }

    /** The payment as the answer to a charge: a declined one is the PAYMENT_DECLINED failure. */
    private static Payment answer(PaymentRecord payment) {
        if (payment.state() == PaymentState.DECLINED) {
            throw Failures.failedPrecondition(CallHeaders.REASON_PAYMENT_DECLINED, DOMAIN, "payment was declined");
        }
        return PaymentProtos.payment(payment);
    }

    private void answerLate(StreamObserver<Payment> responses, PaymentRecord payment) {
        ServerCallStreamObserver<Payment> call = (ServerCallStreamObserver<Payment>) responses;
        lateReplies.schedule(() -> {
            if (!call.isCancelled()) {
                Unary.answer(call, () -> answer(payment));
            }
        }, slowPaymentDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static StatusRuntimeException paymentNotFound() {
        return Failures.notFound("payment not found");
    }

    private record PaymentBody(String bookingId, String paymentMethodToken) {
    }
}
