package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.route.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One service's circuit: a resilience4j {@link CircuitBreaker} configured by {@link #config} (a
 * count-based window of {@code consecutiveFailures} calls, 100% failure rate, so exactly that many
 * infrastructure failures in a row open it; business answers are successes), with two rules on top
 * that resilience4j 2.4.0 does not have:
 *
 * <ol>
 *   <li><b>Only results of the current state count.</b> Every permit carries the generation (the
 *       number of state changes so far) it was granted in; a result that arrives after the circuit
 *       changed state, e.g. a slow call admitted while closed that ends after the circuit opened,
 *       is dropped. resilience4j applies every result to whatever state is current, so such a
 *       result could decide a half-open trial.</li>
 *   <li><b>The trial is a health check, never a client's call.</b> When the open period ends
 *       (a timer, not the next client), the breaker goes half-open, takes its one permitted call
 *       for itself, resets the channel's reconnect backoff and asks the service
 *       {@code grpc.health.v1} Check with {@link BreakerSettings#trialDeadline()}: SERVING closes
 *       the circuit, anything else opens it for another period. Client calls while open or
 *       half-open are refused ({@link UpstreamOutcome.CircuitOpen}) and never sent; resilience4j
 *       counts them as not permitted.</li>
 * </ol>
 *
 * <p>Thread-safety: every call into the resilience4j breaker that can change its state happens
 * under one lock, and its state-transition event (delivered synchronously, on the same thread)
 * bumps the generation, so a permit's generation and the breaker's state never disagree. The
 * sections are a few field updates; the probe and the delegate's calls run outside the lock.
 * Reading {@link #state()} takes no lock.
 */
final class ServiceBreaker {

    /** resilience4j counts slow successes; slowness is the deadline's business (a timeout is a failure). */
    private static final Duration NEVER_SLOW = Duration.ofDays(1);

    /** Leave to make one call, granted in {@code generation}. */
    record Permit(long generation, long startNanos) {
    }

    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Timer {
        void schedule(Duration delay, Runnable task);
    }

    /**
     * Told of every change of state, on the thread that caused it and while the breaker's lock is
     * held: it must be quick and must not call back into the breaker.
     */
    @FunctionalInterface
    interface Transitions {
        void changed(Upstream service, CircuitBreaker.State from, CircuitBreaker.State to);
    }

    /** Why a health-check trial failed, as resilience4j records it. */
    static final class NotServing extends RuntimeException {
        NotServing(Upstream service) {
            super(service.healthName() + " did not answer SERVING to the trial health check", null, false, false);
        }
    }

    private final Upstream service;
    private final CircuitBreaker breaker;
    private final BreakerSettings settings;
    private final HealthProbe probe;
    private final Timer timer;
    private final Clock clock;
    private final Transitions transitions;
    private final NotServing notServing;
    private final ReentrantLock lock = new ReentrantLock();

    /** Guarded by {@link #lock}. */
    private long generation;
    private volatile Instant openUntil = Instant.MIN;

    /** @param breaker a breaker built with {@link #config}; this class must be the only one to use it */
    ServiceBreaker(Upstream service, CircuitBreaker breaker, BreakerSettings settings, HealthProbe probe,
                   Timer timer, Clock clock, Transitions transitions) {
        this.service = Objects.requireNonNull(service, "service");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.notServing = new NotServing(service);
        breaker.getEventPublisher().onStateTransition(this::transitioned);
    }

    /**
     * The resilience4j configuration of every service's breaker. The open-to-half-open move is not
     * automatic: {@link ServiceBreaker}'s timer makes it and runs the trial itself.
     */
    static CircuitBreakerConfig config(BreakerSettings settings, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.consecutiveFailures())
                .minimumNumberOfCalls(settings.consecutiveFailures())
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(settings.openFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(NEVER_SLOW)
                .recordResult(ServiceBreaker::infrastructureFailure)
                .clock(clock)
                .build();
    }

    /** Only failures of the call or of the service's health count; business answers never. */
    static boolean infrastructureFailure(Object outcome) {
        return outcome instanceof UpstreamOutcome.Failed failed && failed.kind().infrastructure();
    }

    /** A permit for one client call, or null when the circuit refuses it ({@link #refusal()}). */
    Permit tryAcquire() {
        Runnable trial = null;
        Permit permit = null;
        lock.lock();
        try {
            if (breaker.getState() == CircuitBreaker.State.CLOSED) {
                if (breaker.tryAcquirePermission()) {
                    permit = new Permit(generation, System.nanoTime());
                }
            } else if (breaker.tryAcquirePermission()) {
                // Open, and resilience4j found the wait over before the timer did: it went half-open
                // and handed this client the one trial permission. The trial is the health check's.
                trial = trial(generation);
            }
        } finally {
            lock.unlock();
        }
        if (trial != null) {
            trial.run();
        }
        return permit;
    }

    /**
     * A permit while the circuit is closed, else null without asking resilience4j: a call whose admission
     * is still open must not be counted as refused (nor start a trial) before it is known to be due.
     */
    Permit tryAcquireIfClosed() {
        lock.lock();
        try {
            if (breaker.getState() == CircuitBreaker.State.CLOSED && breaker.tryAcquirePermission()) {
                return new Permit(generation, System.nanoTime());
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** What a refused call answers: how long the circuit stays open at most (zero when its end is due). */
    UpstreamOutcome.CircuitOpen refusal() {
        Duration left = Duration.between(clock.instant(), openUntil);
        return new UpstreamOutcome.CircuitOpen(left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * The call's outcome: an infrastructure failure counts against the service, any other answer of
     * the service for it; an {@code Unmappable} (nothing was sent) hands the permit back, and so does a
     * call that ran out of a deadline that says nothing of the service ({@code deadlineNotTheServices}):
     * one the client shortened, which tells of the client's patience (a client could otherwise open
     * any circuit for everybody with a few requests of {@code X-Request-Timeout: 1}), or one that a
     * slow admission used up before the call could be sent. A CANCELLED call (our side gave up: the
     * client went away, the gateway is stopping) tells nothing of the service either way.
     */
    void onOutcome(Permit permit, UpstreamOutcome outcome, boolean deadlineNotTheServices) {
        switch (outcome) {
            case UpstreamOutcome.Failed failed when failed.kind() == FailureKind.CANCELLED
                    || deadlineNotTheServices && failed.kind() == FailureKind.DEADLINE_EXCEEDED ->
                    release(permit);
            case UpstreamOutcome.Ok ok -> record(permit, outcome);
            case UpstreamOutcome.Failed failed -> record(permit, outcome);
            case UpstreamOutcome.Unmappable unmappable -> release(permit);
            case UpstreamOutcome.CircuitOpen open -> release(permit);
        }
    }

    /** The call tells nothing about the service (it was never sent, or a bug stopped it). */
    void release(Permit permit) {
        lock.lock();
        try {
            if (permit.generation() == generation) {
                breaker.releasePermission();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current state; takes no lock. */
    CircuitBreaker.State state() {
        return breaker.getState();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    private void record(Permit permit, UpstreamOutcome outcome) {
        long nanos = System.nanoTime() - permit.startNanos();
        lock.lock();
        try {
            if (permit.generation() == generation) {
                breaker.onResult(nanos, TimeUnit.NANOSECONDS, outcome);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs under the lock, on the thread whose call into the breaker changed its state. */
    private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
        generation++;
        CircuitBreaker.State to = event.getStateTransition().getToState();
        if (to == CircuitBreaker.State.OPEN) {
            openUntil = clock.instant().plus(settings.openFor());
            long opened = generation;
            timer.schedule(settings.openFor(), () -> openPeriodEnded(opened));
        }
        transitions.changed(service, event.getStateTransition().getFromState(), to);
    }

    private void openPeriodEnded(long opened) {
        Runnable trial = null;
        lock.lock();
        try {
            if (generation == opened && breaker.getState() == CircuitBreaker.State.OPEN) {
                breaker.transitionToHalfOpenState();
                if (breaker.tryAcquirePermission()) {
                    trial = trial(generation);
                }
            }
        } finally {
            lock.unlock();
        }
        if (trial != null) {
            trial.run();
        }
    }

    /** The trial that holds the half-open circuit's one permitted call, to run after unlocking. */
    private Runnable trial(long halfOpened) {
        return () -> runTrial(halfOpened);
    }

    private void runTrial(long trial) {
        long start = System.nanoTime();
        try {
            probe.resetConnectBackoff(service);
            probe.serving(service, settings.trialDeadline()).whenComplete((serving, failure) ->
                    trialEnded(trial, failure == null && Boolean.TRUE.equals(serving), System.nanoTime() - start));
        } catch (RuntimeException e) {
            // A broken probe is a failed trial; the circuit stays open and tries again later.
            trialEnded(trial, false, System.nanoTime() - start);
        }
    }

    private void trialEnded(long trial, boolean serving, long nanos) {
        lock.lock();
        try {
            if (generation != trial) {
                return;
            }
            if (serving) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, notServing);
            }
        } finally {
            lock.unlock();
        }
    }
}
