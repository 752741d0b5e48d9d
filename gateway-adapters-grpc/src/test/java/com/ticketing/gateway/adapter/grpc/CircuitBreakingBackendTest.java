package com.ticketing.gateway.adapter.grpc;

import static com.ticketing.gateway.adapter.grpc.Calls.GET_BOOKING;
import static com.ticketing.gateway.adapter.grpc.Calls.GET_EVENT;
import static com.ticketing.gateway.adapter.grpc.Calls.WATCH;
import static com.ticketing.gateway.adapter.grpc.Calls.call;
import static com.ticketing.gateway.adapter.grpc.ScriptedBackend.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CircuitBreakingBackendTest {

    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final UpstreamOutcome.Failed UNAVAILABLE = UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
    private static final UpstreamOutcome.Failed NOT_FOUND = UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND);

    private final NanoClock clock = new NanoClock();
    private final ScriptedBackend service = new ScriptedBackend();
    private final CircuitBreakingBackend backend =
            new CircuitBreakingBackend(service, new BreakerSettings(5, OPEN_FOR), clock);

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
    @EnumSource(value = FailureKind.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN"},
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
    void anUnmappableRequestNeitherCountsNorResetsTheCount() {
        UpstreamOutcome.Unmappable unmappable = new UpstreamOutcome.Unmappable(true, "", "not JSON");
        service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, unmappable, unmappable, UNAVAILABLE);

        failCalls(7);

        assertThat(state(Upstream.TICKET)).isEqualTo("open");
    }

    @Test
    void anOpenCircuitAnswersCircuitOpenWithoutCallingTheService() {
        open(Upstream.TICKET);

        for (int i = 0; i < 10; i++) {
            assertThat(backend.call(call(GET_EVENT)))
                    .isEqualTo(new UpstreamOutcome.Failed(FailureKind.UNAVAILABLE, "CIRCUIT_OPEN", ""))
                    .satisfies(outcome -> assertThat(CircuitBreakingBackend.isCircuitOpen(outcome)).isTrue());
        }
        assertThat(service.calls()).hasSize(5);
    }

    @Test
    void staysOpenUntilOpenForHasPassedThenLetsOneTrialThrough() {
        open(Upstream.TICKET);

        clock.advance(OPEN_FOR.minusMillis(1));
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(CircuitBreakingBackend.OPEN);
        clock.advance(Duration.ofNanos(999_999));
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(CircuitBreakingBackend.OPEN);
        assertThat(service.calls()).hasSize(5);

        clock.advance(Duration.ofNanos(1));
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);
        assertThat(service.calls()).hasSize(6);
    }

    @Test
    void onlyOneTrialAtATimeWhileHalfOpen() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        AtomicReference<UpstreamOutcome> concurrent = new AtomicReference<>();
        AtomicReference<String> stateDuringTrial = new AtomicReference<>();
        service.whileCalling(trial -> {
            service.whileCalling(call -> { });
            stateDuringTrial.set(state(Upstream.TICKET));
            concurrent.set(backend.call(call(GET_EVENT)));
        });

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);

        assertThat(stateDuringTrial).hasValue("half_open");
        assertThat(concurrent).hasValue(CircuitBreakingBackend.OPEN);
        assertThat(service.calls()).hasSize(6);
    }

    @Test
    void racingCallersAtTheEndOfTheOpenPeriodGetExactlyOneTrial() throws Exception {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        int callers = 16;
        CountDownLatch othersRefused = new CountDownLatch(callers - 1);
        AtomicInteger trials = new AtomicInteger();
        service.whileCalling(call -> {
            trials.incrementAndGet();
            awaitQuietly(othersRefused);
        });
        CyclicBarrier together = new CyclicBarrier(callers);
        List<Future<UpstreamOutcome>> outcomes = new ArrayList<>();

        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                outcomes.add(threads.submit(() -> {
                    together.await();
                    UpstreamOutcome outcome = backend.call(call(GET_EVENT));
                    if (CircuitBreakingBackend.isCircuitOpen(outcome)) {
                        othersRefused.countDown();
                    }
                    return outcome;
                }));
            }
        }

        assertThat(trials).hasValue(1);
        List<UpstreamOutcome> results = new ArrayList<>();
        for (Future<UpstreamOutcome> outcome : outcomes) {
            results.add(outcome.get());
        }
        assertThat(results).filteredOn(OK::equals).hasSize(1);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aSuccessfulTrialClosesTheCircuitWithAFreshCount() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);

        backend.call(call(GET_EVENT));
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");

        service.otherwise(UNAVAILABLE);
        failCalls(4);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aBusinessAnswerToTheTrialClosesTheCircuit() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        service.answer(NOT_FOUND);

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(NOT_FOUND);

        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aFailedTrialOpensTheCircuitForAnotherFullPeriod() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        service.answer(UNAVAILABLE);

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(UNAVAILABLE);
        assertThat(state(Upstream.TICKET)).isEqualTo("open");

        clock.advance(OPEN_FOR.minusMillis(1));
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(CircuitBreakingBackend.OPEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
        assertThat(service.calls()).hasSize(7);
    }

    @Test
    void anUnmappableTrialLeavesTheNextCallToBeTheTrial() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        service.answer(new UpstreamOutcome.Unmappable(false, "quantity", "not a number"));

        backend.call(call(GET_EVENT));
        assertThat(state(Upstream.TICKET)).isEqualTo("half_open");

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aTrialThatThrowsLeavesTheNextCallToBeTheTrial() {
        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        service.whileCalling(call -> {
            service.whileCalling(next -> { });
            throw new IllegalArgumentException("a bug");
        });

        assertThatThrownBy(() -> backend.call(call(GET_EVENT))).hasMessage("a bug");

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(OK);
        assertThat(state(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void aLateResultOfACallAdmittedBeforeTheCircuitMovedIsIgnored() {
        service.whileCalling(slow -> {
            service.whileCalling(call -> { });
            // five failures open the circuit, the trial succeeds, and last the slow call fails
            service.answer(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, OK, UNAVAILABLE);
            failCalls(5);
            clock.advance(OPEN_FOR);
            backend.call(call(GET_EVENT));
            assertThat(state(Upstream.TICKET)).isEqualTo("closed");
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
    }

    @Test
    void statesNameEveryServicesCircuit() {
        assertThat(backend.states()).containsOnlyKeys(Upstream.values())
                .allSatisfy((service, state) -> assertThat(state).isEqualTo("closed"));

        open(Upstream.TICKET);
        assertThat(backend.states()).containsEntry(Upstream.TICKET, "open");

        clock.advance(OPEN_FOR);
        service.whileCalling(call -> assertThat(backend.states()).containsEntry(Upstream.TICKET, "half_open"));
        backend.call(call(GET_EVENT));
        assertThat(backend.states()).containsEntry(Upstream.TICKET, "closed");
    }

    @Test
    void listenersHearEveryTransitionWithTheService() {
        List<String> heard = new ArrayList<>();
        backend.onTransition((service, state) -> heard.add(service.healthName() + " " + state));
        backend.onTransition((service, state) -> {
            throw new IllegalStateException("a broken listener does not fail the call");
        });

        open(Upstream.TICKET);
        clock.advance(OPEN_FOR);
        service.answer(UNAVAILABLE);
        backend.call(call(GET_EVENT));
        clock.advance(OPEN_FOR);
        backend.call(call(GET_EVENT));

        assertThat(heard).containsExactly("ticket-service open", "ticket-service half_open", "ticket-service open",
                "ticket-service half_open", "ticket-service closed");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstMessageCountsAndAnOpenCircuitRefusesStreams() {
        service.otherwise(UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            backend.stream(call(WATCH), message -> { });
        }
        assertThat(state(Upstream.BOOKING_WORKER)).isEqualTo("open");

        List<byte[]> received = new ArrayList<>();
        assertThat(backend.stream(call(WATCH), received::add)).isEqualTo(CircuitBreakingBackend.OPEN);
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
    void aTrialStreamClosesTheCircuitAtItsFirstMessage() {
        service.otherwise(UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            backend.stream(call(WATCH), message -> { });
        }
        clock.advance(OPEN_FOR);
        service.messagesPerStream(1).otherwise(OK);
        List<String> statesSeen = new ArrayList<>();

        backend.stream(call(WATCH), message -> statesSeen.add(state(Upstream.BOOKING_WORKER)));

        assertThat(statesSeen).containsExactly("closed");
    }

    @Test
    void settingsRefuseValuesOutOfRange() {
        assertThat(BreakerSettings.DEFAULTS).isEqualTo(new BreakerSettings(5, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> new BreakerSettings(0, OPEN_FOR))
                .hasMessage("circuit breaker threshold must be at least 1, got 0");
        assertThatThrownBy(() -> new BreakerSettings(5, Duration.ZERO))
                .hasMessage("circuit breaker timeout must be positive");
        assertThatThrownBy(() -> new BreakerSettings(5, null))
                .hasMessage("circuit breaker timeout must be positive");
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String state(Upstream service) {
        return backend.states().get(service);
    }
}
