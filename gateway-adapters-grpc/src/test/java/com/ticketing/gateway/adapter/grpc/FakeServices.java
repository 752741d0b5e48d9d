package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.auth.AuthTokens;
import com.ticketing.proto.auth.RefreshTokenRequest;
import com.ticketing.proto.auth.RegisterRequest;
import com.ticketing.proto.auth.RegisterResponse;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.payment.PaymentStatus;
import com.ticketing.proto.payment.ProcessPaymentRequest;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import com.ticketing.proto.worker.WatchBookingStatusRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;

/** Fake services that answer just what the adapter's tests need. */
final class FakeServices {

    private FakeServices() {
    }

    static Booking booking(String id, BookingStatus status, int queuePosition) {
        Booking.Builder booking = Booking.newBuilder().setBookingId(id).setEventId("e-1").setQuantity(2)
                .setStatus(status).setAmountCents(12000).setCurrency("EUR");
        return queuePosition > 0 ? booking.setQueuePosition(queuePosition).build() : booking.build();
    }

    static final class Auth extends AuthServiceGrpc.AuthServiceImplBase {
        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterResponse> reply) {
            reply.onNext(RegisterResponse.newBuilder().setUserId("u-" + request.getFirstName())
                    .setMessage("registered").build());
            reply.onCompleted();
        }

        @Override
        public void refreshToken(RefreshTokenRequest request, StreamObserver<AuthTokens> reply) {
            reply.onNext(AuthTokens.newBuilder().setAccessToken("access-2")
                    .setRefreshToken("next-" + request.getRefreshToken()).setTokenType("Bearer").setExpiresIn(900)
                    .setUserId("u-1").build());
            reply.onCompleted();
        }
    }

    /** CreateBooking queues; GetBooking knows b-1, waits for "slow" until cancelled, else NOT_FOUND. */
    static final class Bookings extends BookingServiceGrpc.BookingServiceImplBase {
        volatile Deadline lastDeadline;

        @Override
        public void createBooking(CreateBookingRequest request, StreamObserver<Booking> reply) {
            lastDeadline = Context.current().getDeadline();
            reply.onNext(booking("b-1", BookingStatus.QUEUED, 3).toBuilder().setEventId(request.getEventId())
                    .setQuantity(request.getQuantity()).build());
            reply.onCompleted();
        }

        @Override
        public void getBooking(GetBookingRequest request, StreamObserver<Booking> reply) {
            lastDeadline = Context.current().getDeadline();
            switch (request.getBookingId()) {
                case "b-1" -> {
                    reply.onNext(booking("b-1", BookingStatus.RESERVED, 0));
                    reply.onCompleted();
                }
                case "slow" -> awaitCancellation(5_000);
                default -> reply.onError(Status.NOT_FOUND
                        .withDescription("booking " + request.getBookingId() + " not found").asRuntimeException());
            }
        }
    }

    /** tok_declined is declined with reason PAYMENT_DECLINED; anything else succeeds. */
    static final class Payments extends PaymentServiceGrpc.PaymentServiceImplBase {
        @Override
        public void processPayment(ProcessPaymentRequest request, StreamObserver<Payment> reply) {
            if (request.getPaymentMethodToken().equals("tok_declined")) {
                reply.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("card declined")
                        .addDetails(Any.pack(ErrorInfo.newBuilder()
                                .setReason(CallHeaders.REASON_PAYMENT_DECLINED).setDomain("payment").build()))
                        .build()));
                return;
            }
            reply.onNext(Payment.newBuilder().setPaymentId("p-1").setBookingId(request.getBookingId())
                    .setStatus(PaymentStatus.SUCCEEDED).setAmountCents(12000).setCurrency("EUR").build());
            reply.onCompleted();
        }

        /** With an idempotency key starting "seen-", answers as a replay would. */
        ServerServiceDefinition withReplayHeader() {
            return ServerInterceptors.intercept(this, new ServerInterceptor() {
                @Override
                public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                        Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                    String key = headers.get(CallHeaders.IDEMPOTENCY_KEY);
                    boolean seen = key != null && key.startsWith("seen-");
                    return next.startCall(new SimpleForwardingServerCall<>(call) {
                        @Override
                        public void sendHeaders(Metadata replyHeaders) {
                            if (seen) {
                                replyHeaders.put(CallHeaders.IDEMPOTENT_REPLAY, "true");
                            }
                            super.sendHeaders(replyHeaders);
                        }
                    }, headers);
                }
            });
        }
    }

    /**
     * b-1: QUEUED 2, QUEUED 1, RESERVED, then completes. broken: QUEUED 1, then UNAVAILABLE.
     * endless: a message every 20 ms until the call is cancelled, which {@link #cancelled} tells.
     */
    static final class Worker extends BookingQueueServiceGrpc.BookingQueueServiceImplBase {
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void watchBookingStatus(WatchBookingStatusRequest request, StreamObserver<Booking> reply) {
            String id = request.getBookingId();
            switch (id) {
                case "b-1" -> {
                    reply.onNext(booking(id, BookingStatus.QUEUED, 2));
                    reply.onNext(booking(id, BookingStatus.QUEUED, 1));
                    reply.onNext(booking(id, BookingStatus.RESERVED, 0));
                    reply.onCompleted();
                }
                case "broken" -> {
                    reply.onNext(booking(id, BookingStatus.QUEUED, 1));
                    reply.onError(Status.UNAVAILABLE.withDescription("worker restarting").asRuntimeException());
                }
                default -> {
                    ServerCallStreamObserver<Booking> stream = (ServerCallStreamObserver<Booking>) reply;
                    for (int i = 0; i < 500 && !stream.isCancelled(); i++) {
                        stream.onNext(booking(id, BookingStatus.QUEUED, 500 - i));
                        sleep(20);
                    }
                    if (stream.isCancelled()) {
                        cancelled.countDown();
                    } else {
                        stream.onCompleted();
                    }
                }
            }
        }
    }

    private static void awaitCancellation(long maxMillis) {
        long end = System.currentTimeMillis() + maxMillis;
        while (!Context.current().isCancelled() && System.currentTimeMillis() < end) {
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
