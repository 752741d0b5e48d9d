package com.ticketing.stub;

import static com.ticketing.stub.grpc.GrpcTestSupport.capturing;
import static com.ticketing.stub.grpc.GrpcTestSupport.reason;
import static com.ticketing.stub.grpc.GrpcTestSupport.replayed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CancelBookingRequest;
import com.ticketing.proto.payment.GetPaymentStatusRequest;
import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.payment.PaymentServiceGrpc.PaymentServiceBlockingStub;
import com.ticketing.proto.payment.PaymentStatus;
import com.ticketing.proto.payment.ProcessPaymentRequest;
import com.ticketing.proto.payment.RefundPaymentRequest;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.ListUserTicketsRequest;
import com.ticketing.proto.ticket.Ticket;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaymentFlowTest {

    private static final String SMALL = "evt-007";

    private final InProcessStubs stubs = new InProcessStubs(config -> config.withSlowPaymentDelay(Duration.ofSeconds(1)));

    @AfterEach
    void close() throws InterruptedException {
        stubs.close();
    }

    @Test
    void payingAReservedBookingConfirmsItAndIssuesOneTicketPerSeat() {
        Booking booking = stubs.reserved("usr-1", SMALL, 2);

        Payment payment = pay("usr-1", "key-1", booking, "tok_visa");

        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(payment.getAmountCents()).isEqualTo(booking.getAmountCents()).isEqualTo(9000);
        assertThat(payment.getCurrency()).isEqualTo("EUR");
        assertThat(payment.getCreatedAt()).isEqualTo("2029-06-01T10:00:00Z");
        assertThat(stubs.get("usr-1", booking.getBookingId()).getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        List<Ticket> tickets = stubs.tickets("usr-1").listUserTickets(ListUserTicketsRequest.getDefaultInstance())
                .getTicketsList();
        assertThat(tickets).hasSize(2).allSatisfy(ticket -> {
            assertThat(ticket.getBookingId()).isEqualTo(booking.getBookingId());
            assertThat(ticket.getEventName()).isEqualTo("Candlelight Jazz Session");
        });
        assertThat(tickets).extracting(Ticket::getSeat).containsExactly("A-1", "A-2");
        assertThat(stubs.tickets("usr-2").listUserTickets(ListUserTicketsRequest.getDefaultInstance())
                .getTicketsList()).isEmpty();
    }

    @Test
    void repeatedKeyReturnsTheFirstPaymentMarkedAsReplay() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();

        Payment first = capturing(stubs.payments("usr-1", "key-1"), headers, trailers).processPayment(request(booking, "tok_visa"));
        assertThat(replayed(headers, trailers)).isFalse();
        Payment again = capturing(stubs.payments("usr-1", "key-1"), headers, trailers).processPayment(request(booking, "tok_visa"));

        assertThat(again).isEqualTo(first);
        assertThat(replayed(headers, trailers)).isTrue();
    }

    @Test
    void concurrentIdenticalPaymentsChargeOnce() throws Exception {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Payment>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return pay("usr-1", "key-1", booking, "tok_visa");
                }));
            }
            start.countDown();
            List<String> paymentIds = new ArrayList<>();
            for (Future<Payment> call : calls) {
                paymentIds.add(call.get().getPaymentId());
            }
            assertThat(paymentIds).hasSize(10).containsOnly(paymentIds.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherKeyCannotChargeAConfirmedBookingAgain() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        pay("usr-1", "key-1", booking, "tok_visa");

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> pay("usr-1", "key-2", booking, "tok_visa"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(failure.getStatus().getDescription()).isEqualTo("booking is not awaiting payment");
        assertThat(reason(failure)).contains("BOOKING_NOT_PAYABLE");
    }

    @Test
    void declinedCardIsPaymentDeclinedAndItsReplayToo() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();

        StatusRuntimeException declined = catchThrowableOfType(StatusRuntimeException.class,
                () -> pay("usr-1", "key-1", booking, "tok_declined"));
        StatusRuntimeException replay = catchThrowableOfType(StatusRuntimeException.class,
                () -> capturing(stubs.payments("usr-1", "key-1"), headers, trailers)
                        .processPayment(request(booking, "tok_declined")));

        assertThat(declined.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(declined.getStatus().getDescription()).isEqualTo("payment was declined");
        assertThat(reason(declined)).contains("PAYMENT_DECLINED");
        assertThat(reason(replay)).contains("PAYMENT_DECLINED");
        assertThat(replayed(headers, trailers)).isTrue();
        assertThat(stubs.get("usr-1", booking.getBookingId()).getStatus()).isEqualTo(BookingStatus.RESERVED);
        assertThat(pay("usr-1", "key-2", booking, "tok_visa").getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void idempotencyKeyIsRequired() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);

        assertThatThrownBy(() -> stubs.payments("usr-1").processPayment(request(booking, "tok_visa")))
                .hasMessage("INVALID_ARGUMENT: Idempotency-Key: header is required");
    }

    @Test
    void unknownTokenIsInvalidArgumentNamingTheField() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);

        assertThatThrownBy(() -> pay("usr-1", "key-1", booking, "tok_bitcoin"))
                .hasMessage("INVALID_ARGUMENT: paymentMethodToken: unknown payment method");
    }

    @Test
    void sameKeyWithAnotherBodyIsAlreadyExists() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        pay("usr-1", "key-1", booking, "tok_visa");

        assertThatThrownBy(() -> pay("usr-1", "key-1", booking, "tok_declined"))
                .hasMessage("ALREADY_EXISTS: Idempotency-Key was used with another request");
    }

    @Test
    void queuedBookingIsNotPayable() {
        Booking booking = stubs.create("usr-1", SMALL, 1);

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> pay("usr-1", "key-1", booking, "tok_visa"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(reason(failure)).contains("BOOKING_NOT_PAYABLE");
    }

    @Test
    void bookingWhoseHoldRanOutIsNotPayableEvenBeforeTheSweep() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        stubs.clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> pay("usr-1", "key-1", booking, "tok_visa"))
                .hasMessage("ABORTED: booking is not awaiting payment");
    }

    @Test
    void anotherUsersBookingIsNotFound() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);

        assertThatThrownBy(() -> pay("usr-2", "key-1", booking, "tok_visa"))
                .hasMessage("NOT_FOUND: booking not found");
    }

    @Test
    void slowPaymentIsChargedBeforeItsLateAnswerAndARetryGetsTheSamePayment() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);

        StatusRuntimeException timeout = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.payments("usr-1", "key-1").withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                        .processPayment(request(booking, "tok_slow")));
        assertThat(timeout.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(stubs.get("usr-1", booking.getBookingId()).getStatus()).isEqualTo(BookingStatus.CONFIRMED);

        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Payment retry = capturing(stubs.payments("usr-1", "key-1"), headers, trailers)
                .withDeadlineAfter(200, TimeUnit.MILLISECONDS).processPayment(request(booking, "tok_slow"));
        assertThat(retry.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(replayed(headers, trailers)).isTrue();
    }

    @Test
    void slowPaymentAnswersAfterTheDelay() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        long started = System.nanoTime();

        Payment payment = pay("usr-1", "key-1", booking, "tok_slow");

        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void refundCancelsTheBookingVoidsItsTicketsAndReturnsTheSeats() {
        Booking booking = stubs.reserved("usr-1", SMALL, 3);
        Payment payment = pay("usr-1", "key-1", booking, "tok_visa");

        Payment refunded = stubs.payments("usr-1").refundPayment(
                RefundPaymentRequest.newBuilder().setPaymentId(payment.getPaymentId()).build());

        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(stubs.get("usr-1", booking.getBookingId()).getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(stubs.tickets("usr-1").listUserTickets(ListUserTicketsRequest.getDefaultInstance())
                .getTicketsList()).isEmpty();
        assertThat(stubs.anonymousTickets().getEventById(GetEventByIdRequest.newBuilder().setEventId(SMALL).build())
                .getAvailableTickets()).isEqualTo(20);
        assertThat(stubs.payments("usr-1").refundPayment(
                RefundPaymentRequest.newBuilder().setPaymentId(payment.getPaymentId()).build()).getStatus())
                .isEqualTo(PaymentStatus.REFUNDED);
        assertThatThrownBy(() -> stubs.payments("usr-2").refundPayment(
                RefundPaymentRequest.newBuilder().setPaymentId(payment.getPaymentId()).build()))
                .hasMessage("NOT_FOUND: payment not found");
    }

    @Test
    void confirmedBookingCannotBeCancelledButCanBeRefunded() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        pay("usr-1", "key-1", booking, "tok_visa");

        assertThatThrownBy(() -> stubs.bookings("usr-1").cancelBooking(
                CancelBookingRequest.newBuilder().setBookingId(booking.getBookingId()).build()))
                .hasMessage("FAILED_PRECONDITION: booking cannot be cancelled in status CONFIRMED");
    }

    @Test
    void paymentStatusIsForItsOwnerOnly() {
        Booking booking = stubs.reserved("usr-1", SMALL, 1);
        Payment payment = pay("usr-1", "key-1", booking, "tok_visa");
        GetPaymentStatusRequest request = GetPaymentStatusRequest.newBuilder()
                .setPaymentId(payment.getPaymentId()).build();

        assertThat(stubs.payments("usr-1").getPaymentStatus(request)).isEqualTo(payment);
        assertThatThrownBy(() -> stubs.payments("usr-2").getPaymentStatus(request))
                .hasMessage("NOT_FOUND: payment not found");
    }

    private Payment pay(String userId, String key, Booking booking, String token) {
        PaymentServiceBlockingStub payments = stubs.payments(userId, key);
        return payments.withDeadlineAfter(5, TimeUnit.SECONDS).processPayment(request(booking, token));
    }

    private static ProcessPaymentRequest request(Booking booking, String token) {
        return ProcessPaymentRequest.newBuilder()
                .setBookingId(booking.getBookingId()).setPaymentMethodToken(token).build();
    }
}
