package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.proto.CallHeaders;
import io.grpc.BindableService;
import io.grpc.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcBackendTest {

    private static final UpstreamOperation REGISTER = new UpstreamOperation(Upstream.AUTH, "Register");
    private static final UpstreamOperation REFRESH = new UpstreamOperation(Upstream.AUTH, "RefreshToken");
    private static final UpstreamOperation CREATE_BOOKING = new UpstreamOperation(Upstream.BOOKING, "CreateBooking");
    private static final UpstreamOperation GET_BOOKING = new UpstreamOperation(Upstream.BOOKING, "GetBooking");
    private static final UpstreamOperation PROCESS_PAYMENT = new UpstreamOperation(Upstream.PAYMENT, "ProcessPayment");
    private static final UpstreamOperation WATCH = new UpstreamOperation(Upstream.BOOKING_WORKER, "WatchBookingStatus");
    private static final Identity ADA = new Identity(new UserId("u-1"), new SessionId("s-1"), "tok-abc");

    private final FakeServices.Bookings bookings = new FakeServices.Bookings();
    private final FakeServices.Worker worker = new FakeServices.Worker();
    private final FakeServices.Payments payments = new FakeServices.Payments();
    private InProcessPlatform platform;
    private GrpcBackend backend;

    @BeforeEach
    void startServices() throws IOException {
        platform = new InProcessPlatform(List.<BindableService>of(new FakeServices.Auth(), bookings, worker),
                List.of(payments.withReplayHeader()));
        backend = new GrpcBackend(platform.channels(), OperationRegistry.platformServices(), new JsonTranscoder());
    }

    @AfterEach
    void stopServices() {
        platform.close();
    }

    @Test
    void propagatesTokenUserSessionRequestIdAndIdempotencyKeyAsMetadata() {
        CallContext context = new CallContext(new RequestId("req-1"), Optional.of(ADA), Optional.of("key-1"),
                Duration.ofSeconds(3));

        backend.call(call(CREATE_BOOKING, "{\"eventId\":\"e-1\",\"quantity\":2}", Map.of(), Set.of(), context));

        Metadata seen = platform.lastHeaders();
        assertThat(seen.get(CallHeaders.AUTHORIZATION)).isEqualTo("Bearer tok-abc");
        assertThat(seen.get(CallHeaders.USER_ID)).isEqualTo("u-1");
        assertThat(seen.get(CallHeaders.SESSION_ID)).isEqualTo("s-1");
        assertThat(seen.get(CallHeaders.REQUEST_ID)).isEqualTo("req-1");
        assertThat(seen.get(CallHeaders.IDEMPOTENCY_KEY)).isEqualTo("key-1");
    }

    @Test
    void anAnonymousCallCarriesOnlyTheRequestId() {
        backend.call(call(REGISTER, "{\"firstName\":\"Ada\"}", Map.of(), Set.of(), anonymous(Duration.ofSeconds(3))));

        Metadata seen = platform.lastHeaders();
        assertThat(seen.get(CallHeaders.REQUEST_ID)).isEqualTo("req-anon");
        assertThat(seen.containsKey(CallHeaders.AUTHORIZATION)).isFalse();
        assertThat(seen.containsKey(CallHeaders.USER_ID)).isFalse();
        assertThat(seen.containsKey(CallHeaders.SESSION_ID)).isFalse();
        assertThat(seen.containsKey(CallHeaders.IDEMPOTENCY_KEY)).isFalse();
    }

    @Test
    void carriesTheTraceParentCurrentWhenEachCallStarts() {
        List<String> traceParents = new ArrayList<>(List.of(
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"));
        backend = new GrpcBackend(platform.channels(), OperationRegistry.platformServices(), new JsonTranscoder(),
                () -> traceParents.removeFirst());

        backend.call(call(REGISTER, "{\"firstName\":\"Ada\"}", Map.of(), Set.of(), anonymous(Duration.ofSeconds(3))));
        String first = platform.lastHeaders().get(CallHeaders.TRACEPARENT);
        backend.call(call(REGISTER, "{\"firstName\":\"Bo\"}", Map.of(), Set.of(), anonymous(Duration.ofSeconds(3))));

        assertThat(first).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(platform.lastHeaders().get(CallHeaders.TRACEPARENT))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01");
    }

    @Test
    void aCallWaitingForItsAdmissionGoesOutOnlyOnceAdmittedWithWhatItsCallerHad() throws Exception {
        ThreadLocal<String> currentSpan = new ThreadLocal<>();
        backend = new GrpcBackend(platform.channels(), OperationRegistry.platformServices(), new JsonTranscoder(),
                currentSpan::get);
        CallContext context = new CallContext(new RequestId("req-7"), Optional.of(ADA), Optional.empty(),
                Duration.ofSeconds(3));
        java.util.concurrent.CompletableFuture<Boolean> admission = new java.util.concurrent.CompletableFuture<>();
        AtomicReference<Optional<UpstreamOutcome>> answer = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            currentSpan.set("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            answer.set(backend.callIfAdmitted(call(GET_BOOKING, "", Map.of("bookingId", "b-1"), Set.of(), context),
                    admission));
        });

        Thread.sleep(100);
        assertThat(platform.receivedHeaders()).as("nothing goes out before the admission").isEmpty();
        Thread admitter = Thread.ofPlatform().start(() -> admission.complete(true));
        admitter.join();
        caller.join(5_000);

        assertThat(answer.get()).get().isInstanceOf(UpstreamOutcome.Ok.class);
        Metadata seen = platform.lastHeaders();
        assertThat(seen.get(CallHeaders.USER_ID)).isEqualTo("u-1");
        assertThat(seen.get(CallHeaders.REQUEST_ID)).isEqualTo("req-7");
        assertThat(seen.get(CallHeaders.TRACEPARENT)).as("the caller's span, not the admitting thread's")
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void aCallThatIsNotAdmittedNeverReachesTheService() throws Exception {
        Optional<UpstreamOutcome> answer = bookingWhile((admission, caller) -> admission.complete(false));

        assertThat(answer).isEmpty();
        Thread.sleep(50);
        assertThat(platform.receivedHeaders()).isEmpty();
    }

    @Test
    void anAdmittedCallKeepsItsOutcomesAndItsDeadline() {
        java.util.concurrent.CompletableFuture<Boolean> admission = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS).execute(() -> admission.complete(true));

        Optional<UpstreamOutcome> missing = backend.callIfAdmitted(
                call(GET_BOOKING, "", Map.of("bookingId", "b-404"), Set.of(), anonymous(Duration.ofSeconds(3))), admission);

        assertThat(missing).get().isInstanceOf(UpstreamOutcome.Failed.class);
        assertThat(((UpstreamOutcome.Failed) missing.get()).kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(bookings.lastDeadline.timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1_000L, 3_000L);
    }

    @Test
    void anInterruptedCallerWaitingForItsAdmissionGivesUpAndNothingGoesOut() throws Exception {
        Optional<UpstreamOutcome> answer = bookingWhile((admission, caller) -> {
            caller.interrupt();
            try {
                caller.join(5_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            admission.complete(true);
        });

        assertThat(answer).get().isInstanceOf(UpstreamOutcome.Failed.class);
        assertThat(((UpstreamOutcome.Failed) answer.get()).kind()).isEqualTo(FailureKind.CANCELLED);
        Thread.sleep(50);
        assertThat(platform.receivedHeaders()).isEmpty();
    }

    /**
     * Gets booking b-1 on a virtual thread whose admission is still open; 50 ms later {@code meanwhile}
     * acts on the admission and the thread; the answer once the thread has ended.
     */
    private Optional<UpstreamOutcome> bookingWhile(
            java.util.function.BiConsumer<java.util.concurrent.CompletableFuture<Boolean>, Thread> meanwhile)
            throws InterruptedException {
        java.util.concurrent.CompletableFuture<Boolean> admission = new java.util.concurrent.CompletableFuture<>();
        AtomicReference<Optional<UpstreamOutcome>> answer = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> answer.set(backend.callIfAdmitted(
                call(GET_BOOKING, "", Map.of("bookingId", "b-1"), Set.of(), anonymous(Duration.ofSeconds(3))),
                admission)));
        Thread.sleep(50);
        meanwhile.accept(admission, caller);
        caller.join(5_000);
        return answer.get();
    }

    @Test
    void carriesNoTraceParentWhenThereIsNoCurrentSpan() {
        backend = new GrpcBackend(platform.channels(), OperationRegistry.platformServices(), new JsonTranscoder(),
                () -> null);

        backend.call(call(REGISTER, "{\"firstName\":\"Ada\"}", Map.of(), Set.of(), anonymous(Duration.ofSeconds(3))));

        assertThat(platform.lastHeaders().containsKey(CallHeaders.TRACEPARENT)).isFalse();
    }

    @Test
    void setsTheCallsDeadline() {
        backend.call(call(GET_BOOKING, "", Map.of("bookingId", "b-1"), Set.of(), anonymous(Duration.ofSeconds(3))));

        long remainingMillis = bookings.lastDeadline.timeRemaining(TimeUnit.MILLISECONDS);
        assertThat(remainingMillis).isBetween(1_000L, 3_000L);
    }

    @Test
    void answersDeadlineExceededWhenTheServiceIsTooSlow() {
        long start = System.nanoTime();

        UpstreamOutcome outcome = backend.call(call(GET_BOOKING, "", Map.of("bookingId", "slow"), Set.of(),
                anonymous(Duration.ofMillis(150))));

        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.DEADLINE_EXCEEDED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void transcodesTheBodyAndTheReplyAndReturnsTheRequestedReplyFields() {
        UpstreamOutcome outcome = backend.call(call(CREATE_BOOKING, "{\"eventId\":\"e-9\",\"quantity\":2}", Map.of(),
                Set.of("bookingId"), withIdentity(Duration.ofSeconds(3))));

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Ok.class, ok -> {
            assertThat(json(ok.json())).isEqualTo("{\"bookingId\":\"b-1\",\"eventId\":\"e-9\",\"quantity\":2,"
                    + "\"status\":\"QUEUED\",\"queuePosition\":3,\"amountCents\":12000,\"currency\":\"EUR\","
                    + "\"createdAt\":\"\",\"updatedAt\":\"\"}");
            assertThat(ok.fields()).isEqualTo(Map.of("bookingId", "b-1"));
            assertThat(ok.replayed()).isFalse();
        });
    }

    @Test
    void sendsAGatewayFieldWithAnEmptyBodyAsRefreshDoes() {
        UpstreamOutcome outcome = backend.call(call(REFRESH, "", Map.of("refreshToken", "r-1"), Set.of("refreshToken"),
                anonymous(Duration.ofSeconds(3))));

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Ok.class,
                ok -> assertThat(ok.fields()).isEqualTo(Map.of("refreshToken", "next-r-1")));
    }

    @Test
    void marksAnAnswerReplayedWhenTheServiceSaysSo() {
        UpstreamOutcome first = backend.call(payment("tok_visa", "new-1"));
        UpstreamOutcome again = backend.call(payment("tok_visa", "seen-1"));

        assertThat(first).isInstanceOfSatisfying(UpstreamOutcome.Ok.class, ok -> assertThat(ok.replayed()).isFalse());
        assertThat(again).isInstanceOfSatisfying(UpstreamOutcome.Ok.class, ok -> assertThat(ok.replayed()).isTrue());
    }

    @Test
    void mapsNotFoundWithTheServicesMessage() {
        UpstreamOutcome outcome = backend.call(call(GET_BOOKING, "", Map.of("bookingId", "b-404"), Set.of(),
                withIdentity(Duration.ofSeconds(3))));

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Failed(FailureKind.NOT_FOUND, "", "booking b-404 not found"));
    }

    @Test
    void carriesTheErrorInfoReasonOfAFailure() {
        assertThat(backend.call(payment("tok_declined", "new-2"))).isEqualTo(
                new UpstreamOutcome.Failed(FailureKind.FAILED_PRECONDITION, "PAYMENT_DECLINED", "card declined"));
    }

    @Test
    void neverSendsABodyThatDoesNotFitTheMessage() {
        UpstreamOutcome outcome = backend.call(call(CREATE_BOOKING, "{\"eventId\":\"e-1\",\"seats\":2}", Map.of(),
                Set.of(), withIdentity(Duration.ofSeconds(3))));

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Unmappable(false, "seats", "unknown field"));
        assertThat(platform.receivedHeaders()).isEmpty();
    }

    @Test
    void aBodyThatDoesNotFitTheMessageIsAnsweredOnlyForAnAdmittedRequest() {
        UpstreamCall misfit = call(CREATE_BOOKING, "{\"eventId\":\"e-1\",\"seats\":2}", Map.of(), Set.of(),
                withIdentity(Duration.ofSeconds(3)));

        assertThat(backend.callIfAdmitted(misfit, Calls.admittedLater(false))).isEmpty();
        java.util.concurrent.CompletableFuture<Boolean> admitted = Calls.admittedLater(true);
        assertThat(backend.callIfAdmitted(misfit, admitted))
                .contains(new UpstreamOutcome.Unmappable(false, "seats", "unknown field"));
        assertThat(admitted).as("answered after the admission, not before").isCompletedWithValue(true);
        assertThat(platform.receivedHeaders()).isEmpty();
    }

    @Test
    void answersUnavailableWhenTheServiceIsDown() {
        platform.stopServer();

        UpstreamOutcome outcome = backend.call(call(GET_BOOKING, "", Map.of("bookingId", "b-1"), Set.of(),
                withIdentity(Duration.ofSeconds(3))));

        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
    }

    @Test
    void streamsEachMessageAsJsonThenCompletesOk() {
        List<String> received = new ArrayList<>();

        UpstreamOutcome outcome = backend.stream(watch("b-1", Duration.ofSeconds(3)), m -> received.add(json(m)));

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Ok.class, ok -> assertThat(ok.json()).isEmpty());
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).contains("\"status\":\"QUEUED\"", "\"queuePosition\":2");
        assertThat(received.get(1)).contains("\"status\":\"QUEUED\"", "\"queuePosition\":1");
        assertThat(received.get(2)).contains("\"status\":\"RESERVED\"").doesNotContain("queuePosition");
        assertThat(platform.lastHeaders().get(CallHeaders.USER_ID)).isEqualTo("u-1");
    }

    @Test
    void aStreamThatBreaksOffIsFailedAfterTheMessagesSoFar() {
        List<String> received = new ArrayList<>();

        UpstreamOutcome outcome = backend.stream(watch("broken", Duration.ofSeconds(3)), m -> received.add(json(m)));

        assertThat(received).hasSize(1);
        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
    }

    @Test
    void cancelsTheStreamWhenTheClientWentAway() throws InterruptedException {
        List<String> received = new ArrayList<>();

        UpstreamOutcome outcome = backend.stream(watch("endless", Duration.ofSeconds(5)), m -> {
            received.add(json(m));
            if (received.size() == 2) {
                throw new IllegalStateException("broken pipe");
            }
        });

        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.CANCELLED));
        assertThat(worker.cancelled.await(2, TimeUnit.SECONDS)).as("the service saw the cancellation").isTrue();
    }

    @Test
    void interruptingTheStreamingThreadCancelsTheUpstreamCall() throws Exception {
        CountDownLatch twoReceived = new CountDownLatch(2);
        AtomicReference<UpstreamOutcome> outcome = new AtomicReference<>();
        Thread streaming = Thread.ofVirtual().start(() -> outcome.set(
                backend.stream(watch("endless", Duration.ofSeconds(10)), m -> twoReceived.countDown())));
        assertThat(twoReceived.await(2, TimeUnit.SECONDS)).as("the stream is flowing").isTrue();

        long start = System.nanoTime();
        streaming.interrupt();
        streaming.join(Duration.ofSeconds(2));

        assertThat(streaming.isAlive()).as("the stream ended").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(outcome.get()).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.CANCELLED));
        assertThat(worker.cancelled.await(2, TimeUnit.SECONDS)).as("the service saw the cancellation").isTrue();
    }

    @Test
    void endsAStreamAtItsDeadline() {
        List<String> received = new ArrayList<>();

        UpstreamOutcome outcome = backend.stream(watch("endless", Duration.ofMillis(200)), m -> received.add(json(m)));

        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.DEADLINE_EXCEEDED));
        assertThat(received).isNotEmpty();
    }

    @Test
    void anUnknownOperationIsABug() {
        UpstreamCall call = call(new UpstreamOperation(Upstream.TICKET, "GetEvent"), "", Map.of(), Set.of(),
                anonymous(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> backend.call(call)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callingAStreamingOperationAsUnaryIsABug() {
        assertThatThrownBy(() -> backend.call(watch("b-1", Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use stream()");
    }

    private static UpstreamCall watch(String bookingId, Duration deadline) {
        return call(WATCH, "", Map.of("bookingId", bookingId), Set.of(), withIdentity(deadline));
    }

    private static UpstreamCall payment(String token, String idempotencyKey) {
        CallContext context = new CallContext(new RequestId("req-pay"), Optional.of(ADA), Optional.of(idempotencyKey),
                Duration.ofSeconds(3));
        return call(PROCESS_PAYMENT, "{\"bookingId\":\"b-1\",\"paymentMethodToken\":\"" + token + "\"}", Map.of(),
                Set.of(), context);
    }

    private static UpstreamCall call(UpstreamOperation operation, String body, Map<String, String> fields,
                                     Set<String> responseFields, CallContext context) {
        return new UpstreamCall(operation, body.getBytes(StandardCharsets.UTF_8), fields, responseFields, context);
    }

    private static CallContext anonymous(Duration deadline) {
        return CallContext.anonymous(new RequestId("req-anon"), deadline);
    }

    private static CallContext withIdentity(Duration deadline) {
        return new CallContext(new RequestId("req-1"), Optional.of(ADA), Optional.empty(), deadline);
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
