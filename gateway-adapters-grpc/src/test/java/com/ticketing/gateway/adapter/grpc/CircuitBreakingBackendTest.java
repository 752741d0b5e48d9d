package com.ticketing.gateway.adapter.grpc;

import static com.ticketing.gateway.adapter.grpc.Calls.GET_BOOKING;
import static com.ticketing.gateway.adapter.grpc.Calls.GET_EVENT;
import static com.ticketing.gateway.adapter.grpc.Calls.WATCH;
import static com.ticketing.gateway.adapter.grpc.Calls.admittedLater;
import static com.ticketing.gateway.adapter.grpc.Calls.awaitWaiting;
import static com.ticketing.gateway.adapter.grpc.Calls.call;
import static com.ticketing.gateway.adapter.grpc.Calls.withClientDeadline;
import static com.ticketing.gateway.adapter.grpc.ScriptedBackend.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CircuitBreakingBackendTest {

    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final Duration TRIAL_DEADLINE = Duration.ofMillis(700);
    private static final UpstreamOutcome.Failed UNAVAILABLE = UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
    private static final UpstreamOutcome.Failed NOT_FOUND = UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND);

    private final MutableClock clock = MutableClock.standing();
    private final ManualTimer timer = new ManualTimer(clock);
    private final FakeHealthProbe probe = new FakeHealthProbe();
    private final ScriptedBackend service = new ScriptedBackend();
    private final CircuitBreakingBackend backend = new CircuitBreakingBackend(service,
            new BreakerSettings(5, OPEN_FOR, TRIAL_DEADLINE), probe, clock, timer);

    @Test
    void fourFailuresInARowKeepTheCircuitClosedAndTheFifthOpensIt() {
        service.otherwise(UNAVAILABLE);

        failCalls(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(UNAVAILABLE);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void aCallThatIsNotAdmittedNeitherCountsNorStartsTheCountAgain() {
        service.otherwise(UNAVAILABLE);
        failCalls(4);

        assertThat(backend.callIfAdmitted(call(GET_EVENT), admittedLater(false))).isEmpty();
        assertThat(service.calls()).hasSize(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        failCalls(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void anAdmittedCallCountsAsAnyCall() {
        service.otherwise(UNAVAILABLE);
        failCalls(4);

        assertThat(backend.callIfAdmitted(call(GET_EVENT), admittedLater(true))).contains(UNAVAILABLE);

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void anOpenCircuitRefusesAnAdmittedRequestOnceItsAdmissionIsDecided() {
        service.otherwise(UNAVAILABLE);
        failCalls(5);
        CompletableFuture<Boolean> admission = admittedLater(true);

        assertThat(backend.callIfAdmitted(call(GET_EVENT), admission))
                .get().isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        assertThat(admission).as("answered after the admission, not before").isCompletedWithValue(true);
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void aCircuitThatOpensWhileACallWaitsForItsAdmissionRefusesItUnsent() throws Exception {
        service.otherwise(UNAVAILABLE);
        failCalls(4);
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        AtomicReference<Optional<UpstreamOutcome>> answer = new AtomicReference<>();
        Thread waiting = waitingCall(admission, answer);

        failCalls(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
        admission.complete(true);
        waiting.join(5_000);

        assertThat(answer.get()).get().isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        assertThat(service.calls()).as("the waiting call was not sent").hasSize(5);
        assertThat(notPermitted()).as("refused by the circuit once admitted").isEqualTo(1);
    }

    @Test
    void aCircuitThatClosesWhileACallWaitsForItsAdmissionSendsIt() throws Exception {
        open(Upstream.TICKET);
        timer.advance(OPEN_FOR);
        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        AtomicReference<Optional<UpstreamOutcome>> answer = new AtomicReference<>();
        Thread waiting = waitingCall(admission, answer);

        probe.answer(true);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
        admission.complete(true);
        waiting.join(5_000);

        assertThat(answer.get()).as("the service is healthy again: the call goes out").contains(OK);
        assertThat(service.calls()).hasSize(6);
        assertThat(notPermitted()).isZero();
    }

    @Test
    void aCallsTimeForTheBreakerStartsWhenItIsAdmitted() throws Exception {
        List<Duration> timed = new CopyOnWriteArrayList<>();
        backend.registry().circuitBreaker("ticket-service").getEventPublisher()
                .onSuccess(event -> timed.add(event.getElapsedDuration()));
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        Thread waiting = waitingCall(admission, new AtomicReference<>());

        Thread.sleep(300);
        admission.complete(true);
        waiting.join(5_000);

        assertThat(timed).hasSize(1);
        assertThat(timed.getFirst()).as("the store's 300 ms wait is not the service's time")
                .isLessThan(Duration.ofMillis(250));
    }

    @Test
    void aRequestThatIsNotAdmittedMeetsNoOpenCircuit() {
        service.otherwise(UNAVAILABLE);
        failCalls(5);

        assertThat(backend.callIfAdmitted(call(GET_EVENT), admittedLater(false)))
                .as("refused anyway: no circuit-open answer to count, meter or budget").isEmpty();
        assertThat(service.calls()).hasSize(5);
        assertThat(notPermitted()).as("not counted as refused by the circuit").isZero();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, OK).otherwise(UNAVAILABLE);

        failCalls(5);
        failCalls(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        failCalls(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN"})
    void everyInfrastructureFailureCounts(FailureKind kind) {
        service.otherwise(UpstreamOutcome.Failed.of(kind));

        failCalls(5);

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN", "CANCELLED"},
            mode = EnumSource.Mode.EXCLUDE)
    void businessFailuresNeverCountAndResetTheCount(FailureKind kind) {
        UpstreamOutcome.Failed business = UpstreamOutcome.Failed.of(kind);
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE).otherwise(business);

        failCalls(4);
        failCalls(20);
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
        failCalls(4);

        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aClientsOwnShortDeadlineRunningOutNeitherCountsNorResetsTheCount() {
        UpstreamOutcome.Failed late = fourFailuresThenDeadlines();

        for (int i = 0; i < 20; i++) {
            assertThat(backend.call(withClientDeadline(GET_EVENT))).isEqualTo(late);
        }
        assertThat(backend.callIfAdmitted(withClientDeadline(GET_EVENT), admittedLater(true))).contains(late);
        assertThat(state(Upstream.TICKET)).as("a client cannot open a circuit with X-Request-Timeout").isEqualTo("closed");

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(late);
        assertThat(state(Upstream.TICKET)).as("the route's own deadline running out still counts").isEqualTo("open");
    }

    @Test
    void aDeadlineThatASlowAdmissionUsedUpNeitherCountsNorResetsTheCount() {
        UpstreamOutcome.Failed late = fourFailuresThenDeadlines();

        for (int i = 0; i < 3; i++) {
            assertThat(backend.callIfAdmitted(call(GET_EVENT, Duration.ofMillis(5)), admittedLater(true)))
                    .contains(late);
        }
        assertThat(state(Upstream.TICKET)).as("a slow store cannot open the service's circuit").isEqualTo("closed");

        assertThat(backend.callIfAdmitted(call(GET_EVENT, Duration.ofSeconds(2)), admittedLater(true))).contains(late);
        assertThat(state(Upstream.TICKET)).as("a deadline the service had to itself still counts").isEqualTo("open");
    }

    @Test
    void aCancelledCallNeitherCountsNorResetsTheCount() {
        UpstreamOutcome.Failed cancelled = UpstreamOutcome.Failed.of(FailureKind.CANCELLED);
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, cancelled, cancelled).otherwise(UNAVAILABLE);
        failCalls(4);

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(cancelled);
        assertThat(backend.callIfAdmitted(call(GET_EVENT), admittedLater(true))).contains(cancelled);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        failCalls(1);
        assertThat(state(Upstream.TICKET)).as("the fifth failure in a row, the cancelled calls aside").isEqualTo("open");
    }

    @Test
    void aClientsShortDeadlineHidesNoOtherFailure() {
        service.otherwise(UNAVAILABLE);

        for (int i = 0; i < 5; i++) {
            backend.call(withClientDeadline(GET_EVENT));
        }

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void anUnmappableRequestNeitherCountsNorResetsTheCount() {
        UpstreamOutcome.Unmappable unmappable = new UpstreamOutcome.Unmappable(true, "", "not JSON");
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, unmappable, unmappable, UNAVAILABLE);

        failCalls(7);

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void anOpenCircuitAnswersCircuitOpenWithTheTimeLeftWithoutCallingTheService() {
        open(Upstream.TICKET);

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(new UpstreamOutcome.CircuitOpen(OPEN_FOR));
        timer.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            assertThat(backend.call(call(GET_EVENT))).isEqualTo(new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(20)));
        }
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void resilience4jCountsFailedAndRefusedCalls() {
        open(Upstream.TICKET);
        failCalls(3);

        CircuitBreaker.Metrics metrics = backend.registry().circuitBreaker("ticket-service").getMetrics();
        assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(5);
        assertThat(metrics.getNumberOfNotPermittedCalls()).isEqualTo(3);
        assertThat(backend.registry().getAllCircuitBreakers()).extracting(CircuitBreaker::getName)
                .containsExactlyInAnyOrder("auth-service", "ticket-service", "booking-service", "payment-service",
                        "booking-worker");
    }

    @Test
    void theTrialIsAHealthCheckExactlyWhenTheOpenPeriodEndsNeverAClientCall() {
        open(Upstream.TICKET);

        timer.advance(OPEN_FOR.minusMillis(1));
        assertThat(probe.asked()).isEmpty();
        assertThat(state(Upstream.TICKET)).isEqualTo("open");

        timer.advance(Duration.ofMillis(1));
        assertThat(probe.asked()).containsExactly("reset ticket-service", "check ticket-service " + TRIAL_DEADLINE);
        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(new UpstreamOutcome.CircuitOpen(Duration.ZERO));
        assertThat(service.calls()).as("no client call is sent while the trial runs").hasSize(5);
    }

    @Test
    void aServingTrialClosesTheCircuitWithAFreshCount() {
        open(Upstream.TICKET);
        timer.advance(OPEN_FOR);

        probe.answer(true);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        service.otherwise(UNAVAILABLE);
        failCalls(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
        failCalls(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void aTrialThatIsNotServingOpensTheCircuitForAnotherFullPeriod() {
        open(Upstream.TICKET);
        timer.advance(OPEN_FOR);

        probe.answer(false);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(new UpstreamOutcome.CircuitOpen(OPEN_FOR));

        timer.advance(OPEN_FOR.minusMillis(1));
        assertThat(probe.checks()).isEqualTo(1);
        timer.advance(Duration.ofMillis(1));
        assertThat(probe.asked()).containsExactly("reset ticket-service", "check ticket-service " + TRIAL_DEADLINE,
                "reset ticket-service", "check ticket-service " + TRIAL_DEADLINE);
        probe.answer(true);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);
        assertThat(service.calls()).hasSize(6);
    }

    @Test
    void aProbeThatThrowsIsAFailedTrial() {
        open(Upstream.TICKET);
        probe.failWith(new IllegalStateException("broken probe"));

        timer.advance(OPEN_FOR);

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
        assertThat(timer.pending()).as("the next open period is timed").isEqualTo(1);
    }

    @Test
    void exactlyOneTrialPerOpenPeriodHoweverManyClientsCall() throws Exception {
        open(Upstream.TICKET);
        timer.advance(OPEN_FOR);
        int callers = 16;
        CyclicBarrier together = new CyclicBarrier(callers);
        List<Future<UpstreamOutcome>> outcomes = new ArrayList<>();

        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                outcomes.add(threads.submit(() -> {
                    together.await();
                    return backend.call(call(GET_EVENT));
                }));
            }
        }

        for (Future<UpstreamOutcome> outcome : outcomes) {
            assertThat(outcome.get()).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        }
        assertThat(probe.checks()).isEqualTo(1);
        assertThat(service.calls()).hasSize(5);
        assertThat(backend.registry().circuitBreaker("ticket-service").getMetrics().getNumberOfNotPermittedCalls())
                .isEqualTo(callers);
    }

    @Test
    void aClientArrivingAfterTheWaitButBeforeTheTimerStartsTheHealthCheckNotItsCall() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR.plusMillis(1));

        assertThat(backend.call(call(GET_EVENT))).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");
        assertThat(probe.checks()).isEqualTo(1);

        timer.runDue();
        assertThat(probe.checks()).as("the late timer starts no second trial").isEqualTo(1);
        probe.answer(true);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void aLateFailureOfACallAdmittedWhileClosedDoesNotDecideTheHalfOpenTrial() {
        service.whileCalling(slow -> {
            service.whileCalling(call -> { });
            service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
            failCalls(5);
            timer.advance(OPEN_FOR);
            assertThat(state(Upstream.TICKET)).isEqualTo("half_open");
            service.answer(UNAVAILABLE);
        });

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(UNAVAILABLE);

        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");
        probe.answer(true);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aLateSuccessOfACallAdmittedWhileClosedDoesNotCloseTheHalfOpenCircuit() {
        service.whileCalling(slow -> {
            service.whileCalling(call -> { });
            service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
            failCalls(5);
            timer.advance(OPEN_FOR);
        });

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);

        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");
        probe.answer(false);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void aLateFailureAfterTheCircuitClosedAgainDoesNotCountInTheNewCount() {
        service.whileCalling(slow -> {
            service.whileCalling(call -> { });
            service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
            failCalls(5);
            timer.advance(OPEN_FOR);
            probe.answer(true);
            assertThat(state(Upstream.TICKET)).isEqualTo("closed");
            service.answer(UNAVAILABLE);
        });

        backend.call(call(GET_EVENT));

        service.otherwise(UNAVAILABLE);
        failCalls(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void eachServiceHasItsOwnCircuit() {
        open(Upstream.TICKET);
        service.answer(UNAVAILABLE);

        assertThat(backend.call(call(GET_BOOKING))).isEqualTo(UNAVAILABLE);
        assertThat(service.calls()).hasSize(6);
        assertThat(backend.states()).isEqualTo(Map.of(Upstream.AUTH, "closed", Upstream.TICKET, "open",
                Upstream.BOOKING, "closed", Upstream.PAYMENT, "closed", Upstream.BOOKING_WORKER, "closed"));
        timer.advance(OPEN_FOR);
        assertThat(probe.asked()).containsExactly("reset ticket-service", "check ticket-service " + TRIAL_DEADLINE);
    }

    @Test
    void listenersHearEveryTransitionWithTheService() {
        List<String> heard = new ArrayList<>();
        backend.onTransition((service, state) -> heard.add(service.healthName() + " " + state));
        backend.onTransition((service, state) -> {
            throw new IllegalStateException("a broken listener does not fail the call");
        });

        open(Upstream.TICKET);
        timer.advance(OPEN_FOR);
        probe.answer(false);
        timer.advance(OPEN_FOR);
        probe.answer(true);

        assertThat(heard).containsExactly("ticket-service open", "ticket-service half_open", "ticket-service open",
                "ticket-service half_open", "ticket-service closed");
        assertThat(backend.states()).containsOnlyKeys(Upstream.values()).containsEntry(Upstream.TICKET, "closed");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstMessageCountsAndAnOpenCircuitRefusesStreams() {
        service.otherwise(UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            backend.stream(call(WATCH), message -> { });
        }
        assertThat(state(Upstream.BOOKING_WORKER)).isEqualTo("open");

        List<byte[]> received = new ArrayList<>();
        assertThat(backend.stream(call(WATCH), received::add)).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        assertThat(received).isEmpty();
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void aStreamsFirstMessageIsASuccessWhateverEndsIt() {
        service.otherwise(UNAVAILABLE);
        for (int i = 0; i < 4; i++) {
            backend.stream(call(WATCH), message -> { });
        }
        service.messagesPerStream(2);
        List<byte[]> received = new ArrayList<>();

        assertThat(backend.stream(call(WATCH), received::add)).isEqualTo(UNAVAILABLE);

        assertThat(received).hasSize(2);
        service.messagesPerStream(0);
        for (int i = 0; i < 4; i++) {
            backend.stream(call(WATCH), message -> { });
        }
        assertThat(state(Upstream.BOOKING_WORKER)).isEqualTo("closed");
    }

    @Test
    void aCallThatThrowsNeitherCountsNorResetsTheCount() {
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
        failCalls(4);
        service.whileCalling(call -> {
            service.whileCalling(next -> { });
            throw new IllegalArgumentException("a bug");
        });

        assertThatThrownBy(() -> backend.call(call(GET_EVENT))).hasMessage("a bug");

        service.answer(UNAVAILABLE);
        failCalls(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void settingsRefuseValuesOutOfRange() {
        assertThat(BreakerSettings.DEFAULTS).isEqualTo(new BreakerSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(1)));
        assertThatThrownBy(() -> new BreakerSettings(0, OPEN_FOR))
                .hasMessage("circuit breaker threshold must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> new BreakerSettings(1_000_000, OPEN_FOR))
                .hasMessage("circuit breaker threshold must be between 1 and 1000, got 1000000");
        assertThat(new BreakerSettings(1000, OPEN_FOR).consecutiveFailures()).isEqualTo(1000);
        assertThatThrownBy(() -> new BreakerSettings(5, Duration.ZERO))
                .hasMessage("circuit breaker timeout must be positive");
        assertThatThrownBy(() -> new BreakerSettings(5, null))
                .hasMessage("circuit breaker timeout must be positive");
        assertThatThrownBy(() -> new BreakerSettings(5, OPEN_FOR, Duration.ZERO))
                .hasMessage("circuit breaker trial deadline must be positive");
    }

    @Test
    void oneFailureOpensACircuitWhoseThresholdIsOne() {
        CircuitBreakingBackend strict = new CircuitBreakingBackend(service, new BreakerSettings(1, OPEN_FOR), probe,
                clock, timer);
        service.answer(UNAVAILABLE);

        strict.call(call(GET_EVENT));

        assertThat(strict.states().get(Upstream.TICKET)).isEqualTo("open");
    }

    /** Four infrastructure failures in a row, one short of opening; every later call runs out of its deadline. */
    private UpstreamOutcome.Failed fourFailuresThenDeadlines() {
        UpstreamOutcome.Failed late = UpstreamOutcome.Failed.of(FailureKind.DEADLINE_EXCEEDED);
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE).otherwise(late);
        failCalls(4);
        return late;
    }

    private void failCalls(int calls) {
        for (int i = 0; i < calls; i++) {
            backend.call(call(GET_EVENT));
        }
    }

    private void open(Upstream service) {
        this.service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            backend.call(call(service == Upstream.TICKET ? GET_EVENT : GET_BOOKING));
        }
        assertThat(state(service)).isEqualTo("open");
    }

    private long notPermitted() {
        return backend.registry().circuitBreaker("ticket-service").getMetrics().getNumberOfNotPermittedCalls();
    }

    /** A protected call of GET_EVENT on a thread of its own, once it waits for {@code admission}. */
    private Thread waitingCall(CompletableFuture<Boolean> admission, AtomicReference<Optional<UpstreamOutcome>> answer)
            throws InterruptedException {
        Thread waiting = Thread.ofVirtual().start(() -> answer.set(backend.callIfAdmitted(call(GET_EVENT), admission)));
        awaitWaiting(waiting);
        return waiting;
    }

    private String state(Upstream service) {
        return backend.states().get(service);
    }
}
