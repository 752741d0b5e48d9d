package com.ticketing.gateway.adapter.grpc;

import static com.ticketing.gateway.adapter.grpc.Calls.CREATE_BOOKING;
import static com.ticketing.gateway.adapter.grpc.Calls.GET_BOOKING;
import static com.ticketing.gateway.adapter.grpc.Calls.GET_EVENT;
import static com.ticketing.gateway.adapter.grpc.Calls.RESERVE_TICKETS;
import static com.ticketing.gateway.adapter.grpc.Calls.WATCH;
import static com.ticketing.gateway.adapter.grpc.Calls.admittedLater;
import static com.ticketing.gateway.adapter.grpc.Calls.call;
import static com.ticketing.gateway.adapter.grpc.Calls.withKey;
import static com.ticketing.gateway.adapter.grpc.ScriptedBackend.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryingBackendTest {

    private static final UpstreamOutcome.Failed UNAVAILABLE = UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);

    private final NanoClock clock = new NanoClock();
    private final List<Duration> pauses = new ArrayList<>();
    private final ScriptedBackend service = new ScriptedBackend();
    private double jitter = 0.5;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aReadThatFailsUnavailableTwiceSucceedsOnTheThirdAttempt() {
        service.answer(UNAVAILABLE, UNAVAILABLE, OK);

        assertThat(backend().call(call(GET_EVENT))).isEqualTo(OK);

        assertThat(service.calls()).hasSize(3);
    }

    @Test
    void aReadWaitingForItsAdmissionIsRetriedOnceAdmitted() {
        service.answer(UNAVAILABLE, OK);

        assertThat(backend().callIfAdmitted(call(GET_EVENT), admittedLater(true))).contains(OK);

        assertThat(service.calls()).hasSize(2);
    }

    @Test
    void aCallThatIsNotAdmittedIsNeitherMadeNorRetried() {
        service.otherwise(UNAVAILABLE);

        assertThat(backend().callIfAdmitted(call(GET_EVENT), admittedLater(false))).isEmpty();

        assertThat(service.calls()).isEmpty();
    }

    @Test
    void aWriteWithoutAnIdempotencyKeyIsSentExactlyOnce() {
        service.otherwise(UNAVAILABLE);

        assertThat(backend().call(call(CREATE_BOOKING))).isEqualTo(UNAVAILABLE);
        assertThat(backend().call(call(RESERVE_TICKETS))).isEqualTo(UNAVAILABLE);

        assertThat(service.calls()).hasSize(2);
    }

    @Test
    void aWriteWithAnIdempotencyKeyIsRetried() {
        service.answer(UNAVAILABLE, OK);

        assertThat(backend().call(withKey(CREATE_BOOKING, "key-1", Duration.ofSeconds(2)))).isEqualTo(OK);

        assertThat(service.calls()).hasSize(2)
                .allSatisfy(call -> assertThat(call.context().idempotencyKey()).hasValue("key-1"));
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
    void onlyUnavailableIsRetried(FailureKind kind) {
        UpstreamOutcome.Failed failed = UpstreamOutcome.Failed.of(kind);
        service.answer(failed, OK);

        assertThat(backend().call(call(GET_EVENT))).isEqualTo(failed);

        assertThat(service.calls()).hasSize(1);
    }

    @Test
    void anOpenCircuitIsNotRetried() {
        UpstreamOutcome.CircuitOpen open = new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(3));
        service.answer(open, OK);

        assertThat(backend().call(call(GET_EVENT))).isEqualTo(open);

        assertThat(service.calls()).hasSize(1);
    }

    @Test
    void neverMakesMoreThanThreeAttempts() {
        service.otherwise(UNAVAILABLE);

        assertThat(backend().call(call(GET_EVENT))).isEqualTo(UNAVAILABLE);

        assertThat(service.calls()).hasSize(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void theBudgetStopsRetriesWhenSpentAndFirstAttemptsEarnThemBack() {
        RetryingBackend backend = backend(new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 1));
        service.otherwise(UNAVAILABLE);

        backend.call(call(GET_EVENT));
        assertThat(service.calls()).as("the full budget pays for one retry").hasSize(2);
        backend.call(call(GET_EVENT));
        assertThat(service.calls()).as("a spent budget pays for none").hasSize(3);

        service.otherwise(OK);
        for (int i = 0; i < 4; i++) {
            backend.call(call(GET_EVENT));
        }
        assertThat(backend.budget(Upstream.TICKET).tokens()).isEqualTo(1.0);
        service.otherwise(UNAVAILABLE);
        backend.call(call(GET_EVENT));

        assertThat(service.calls()).as("five first attempts earned one retry").hasSize(9);
    }

    @Test
    void eachRetryMadeAndEachOneTheBudgetRefusedIsTold() {
        List<String> told = new ArrayList<>();
        RetryingBackend backend = new RetryingBackend(service, OperationRegistry.platformServices(),
                new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250), Duration.ofMillis(50), 0.2, 1),
                clock, this::sleep, () -> jitter, new RetryingBackend.Events() {
                    @Override
                    public void retried(Upstream upstream) {
                        told.add("retried " + upstream);
                    }

                    @Override
                    public void budgetSpent(Upstream upstream) {
                        told.add("spent " + upstream);
                    }
                });
        service.otherwise(UNAVAILABLE);

        backend.call(call(GET_EVENT));
        backend.call(call(GET_EVENT));
        service.otherwise(OK);
        backend.call(call(GET_EVENT));

        assertThat(told).containsExactly("retried TICKET", "spent TICKET", "spent TICKET");
    }

    @Test
    void budgetsArePerService() {
        RetryingBackend backend = backend(new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 1));
        service.otherwise(UNAVAILABLE);
        backend.call(call(GET_EVENT));
        backend.call(call(GET_EVENT));
        int afterTicket = service.calls().size();

        backend.call(call(GET_BOOKING));

        assertThat(service.calls().size() - afterTicket).isEqualTo(2);
    }

    @Test
    void budgetTokensAreCappedAndStartFull() {
        RetryBudget budget = new RetryBudget(0.2, 10);
        budget.deposit();
        assertThat(budget.tokens()).isEqualTo(10.0);

        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryWithdraw()).isTrue();
        }
        assertThat(budget.tryWithdraw()).isFalse();
        for (int i = 0; i < 4; i++) {
            budget.deposit();
        }
        assertThat(budget.tryWithdraw()).isFalse();
        budget.deposit();
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tokens()).isZero();
        budget.refund();
        assertThat(budget.tokens()).isEqualTo(1.0);
        for (int i = 0; i < 20; i++) {
            budget.refund();
        }
        assertThat(budget.tokens()).as("refunds are capped too").isEqualTo(10.0);
    }

    @Test
    void pausesAreFullJitterBelowADoublingCeilingThatIsCapped() {
        RetrySettings settings = new RetrySettings(5, Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 10);
        service.otherwise(UNAVAILABLE);

        jitter = 0.5;
        backend(settings).call(call(GET_EVENT, Duration.ofSeconds(10)));
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(125),
                Duration.ofMillis(125));

        pauses.clear();
        jitter = 0.0;
        backend(settings).call(call(GET_EVENT, Duration.ofSeconds(10)));
        assertThat(pauses).containsOnly(Duration.ZERO).hasSize(4);

        pauses.clear();
        jitter = Math.nextDown(1.0);
        backend().call(call(GET_EVENT, Duration.ofSeconds(10)));
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isLessThan(Duration.ofMillis(25)).isGreaterThan(Duration.ofMillis(24));
        assertThat(pauses.get(1)).isLessThan(Duration.ofMillis(50)).isGreaterThan(Duration.ofMillis(49));
    }

    @Test
    void eachAttemptGetsOnlyWhatIsLeftOfTheDeadline() {
        service.otherwise(UNAVAILABLE).whileCalling(call -> clock.advance(Duration.ofMillis(100)));

        backend().call(call(GET_EVENT, Duration.ofSeconds(1)));

        // 1000 ms; then less 100 ms of the attempt and a 12.5 ms pause; then less 100 ms and a 25 ms pause
        assertThat(service.calls()).extracting(call -> call.context().deadline()).containsExactly(
                Duration.ofMillis(1000), Duration.ofMillis(887).plusNanos(500_000), Duration.ofMillis(762).plusNanos(500_000));
    }

    @Test
    void noRetryStartsWithLessThanFiftyMillisecondsLeftAfterThePause() {
        // 200 ms deadline, first pause 12.5 ms: an attempt of 137.5 ms leaves exactly 50 ms
        Duration exactlyEnough = Duration.ofMillis(137).plusNanos(500_000);
        service.otherwise(UNAVAILABLE).whileCalling(call -> clock.advance(exactlyEnough));
        RetrySettings oneRetry = new RetrySettings(2, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 10);

        backend(oneRetry).call(call(GET_EVENT, Duration.ofMillis(200)));
        assertThat(service.calls()).hasSize(2);
        assertThat(service.calls().get(1).context().deadline()).isEqualTo(Duration.ofMillis(50));

        ScriptedBackend slower = new ScriptedBackend().otherwise(UNAVAILABLE)
                .whileCalling(call -> clock.advance(exactlyEnough.plusNanos(1)));
        new RetryingBackend(slower, OperationRegistry.platformServices(), oneRetry, clock, this::sleep, () -> jitter)
                .call(call(GET_EVENT, Duration.ofMillis(200)));
        assertThat(slower.calls()).hasSize(1);
    }

    @Test
    void anInterruptedPauseEndsTheRetriesAndKeepsTheInterrupt() {
        service.otherwise(UNAVAILABLE);
        RetryingBackend backend = new RetryingBackend(service, OperationRegistry.platformServices(),
                RetrySettings.DEFAULTS, clock, nanos -> {
                    throw new InterruptedException();
                }, () -> jitter);

        assertThat(backend.call(call(GET_EVENT))).isEqualTo(UNAVAILABLE);

        assertThat(service.calls()).hasSize(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(backend.budget(Upstream.TICKET).tokens()).as("the retry not made keeps its token").isEqualTo(10.0);
    }

    @Test
    void aPauseThatOverrunsTheDeadlineMakesNoRetryAndKeepsItsToken() {
        service.otherwise(UNAVAILABLE);
        RetryingBackend backend = new RetryingBackend(service, OperationRegistry.platformServices(),
                RetrySettings.DEFAULTS, clock, nanos -> clock.advance(Duration.ofSeconds(10)), () -> jitter);

        assertThat(backend.call(call(GET_EVENT, Duration.ofSeconds(1)))).isEqualTo(UNAVAILABLE);

        assertThat(service.calls()).hasSize(1);
        assertThat(backend.budget(Upstream.TICKET).tokens()).isEqualTo(10.0);
    }

    @Test
    void streamsAreNeverRetried() {
        service.otherwise(UNAVAILABLE);

        assertThat(backend().stream(call(WATCH), message -> { })).isEqualTo(UNAVAILABLE);

        assertThat(service.calls()).hasSize(1);
    }

    @Test
    void settingsRefuseValuesOutOfRange() {
        assertThat(RetrySettings.DEFAULTS).isEqualTo(new RetrySettings(3, Duration.ofMillis(25),
                Duration.ofMillis(250), Duration.ofMillis(50), 0.2, 10));
        assertThatThrownBy(() -> new RetrySettings(6, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 10)).hasMessage("retry max attempts must be 1..5, got 6");
        assertThatThrownBy(() -> new RetrySettings(0, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 10)).hasMessage("retry max attempts must be 1..5, got 0");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(20),
                Duration.ofMillis(50), 0.2, 10)).hasMessage("retry max backoff must not be below the initial backoff");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ZERO, Duration.ofMillis(20),
                Duration.ofMillis(50), 0.2, 10)).hasMessage("retry initial backoff must be positive");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(-1), 0.2, 10)).hasMessage("retry min time left must not be negative");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0, 10)).hasMessage("retry budget ratio must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofMillis(25), Duration.ofMillis(250),
                Duration.ofMillis(50), 0.2, 0)).hasMessage("retry budget cap must be at least 1, got 0");
    }

    private RetryingBackend backend() {
        return backend(RetrySettings.DEFAULTS);
    }

    private RetryingBackend backend(RetrySettings settings) {
        return new RetryingBackend(service, OperationRegistry.platformServices(), settings, clock, this::sleep,
                () -> jitter);
    }

    private void sleep(long nanos) {
        pauses.add(Duration.ofNanos(nanos));
        clock.advance(Duration.ofNanos(nanos));
    }
}
