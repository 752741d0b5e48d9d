package com.ticketing.gateway.adapter.grpc;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One service's circuit: CLOSED until {@code consecutiveFailures} failures in a row (a success
 * resets the count), then OPEN for {@code openFor}, then HALF_OPEN with exactly one trial call;
 * the trial's success closes it, its failure opens it again. Times come from an injected nano
 * clock; OPEN becomes HALF_OPEN when the next call asks, once {@code openFor} has fully passed.
 *
 * <p>Every permit remembers the state it was granted in: a result that arrives after the circuit
 * has changed state (a slow call admitted before it opened) is dropped, so only the trial decides
 * a half-open circuit. Thread-safe: each method is a few field updates under the monitor, and
 * never calls out while holding it.
 *
 * <p>Not resilience4j's state machine, whose 2.4.0 {@code CircuitBreakerStateMachine} admits the
 * trial only strictly after the wait (in whole milliseconds) and applies a result to whatever
 * state is current, so a stale result can decide the half-open trial.
 */
final class ConsecutiveFailureBreaker {

    enum State {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half_open");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        /** The name {@code /health/detailed}, logs and metrics use. */
        String wireName() {
            return wireName;
        }
    }

    /** Leave to make one call; hand it back with the call's result. */
    record Permit(long generation, boolean trial) {
    }

    /**
     * Told of every change of state, after it happened and outside the breaker's lock (so two
     * changes made at once by different threads may be told in either order; {@link #state()} is
     * always current).
     */
    interface Transitions {
        void changed(State from, State to);
    }

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;
    private final Transitions transitions;

    private State state = State.CLOSED;
    /** Bumped at every change of state; permits of older generations are stale. */
    private long generation;
    private int failuresInARow;
    private long openedAt;
    private boolean trialInFlight;

    ConsecutiveFailureBreaker(BreakerSettings settings, LongSupplier nanoTime, Transitions transitions) {
        this.threshold = settings.consecutiveFailures();
        this.openForNanos = settings.openFor().toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
    }

    /** A permit for one call, or null when the circuit refuses it. */
    Permit tryAcquire() {
        boolean halfOpened = false;
        Permit permit;
        synchronized (this) {
            if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
                moveTo(State.HALF_OPEN);
                halfOpened = true;
            }
            permit = switch (state) {
                case CLOSED -> new Permit(generation, false);
                case OPEN -> null;
                case HALF_OPEN -> trialInFlight ? null : trial();
            };
        }
        if (halfOpened) {
            transitions.changed(State.OPEN, State.HALF_OPEN);
        }
        return permit;
    }

    /** The call reached the service and the service is fine (including business refusals). */
    void onSuccess(Permit permit) {
        State from;
        synchronized (this) {
            if (permit.generation() != generation) {
                return;
            }
            from = state;
            failuresInARow = 0;
            if (state != State.HALF_OPEN) {
                return;
            }
            moveTo(State.CLOSED);
        }
        transitions.changed(from, State.CLOSED);
    }

    /** The call failed for infrastructure reasons. */
    void onFailure(Permit permit) {
        State from;
        synchronized (this) {
            if (permit.generation() != generation) {
                return;
            }
            from = state;
            if (state == State.CLOSED && ++failuresInARow < threshold) {
                return;
            }
            moveTo(State.OPEN);
            openedAt = nanoTime.getAsLong();
        }
        transitions.changed(from, State.OPEN);
    }

    /** The call tells nothing about the service (it was never sent); a trial may be tried again. */
    synchronized void release(Permit permit) {
        if (permit.generation() == generation && permit.trial()) {
            trialInFlight = false;
        }
    }

    synchronized State state() {
        return state;
    }

    private Permit trial() {
        trialInFlight = true;
        return new Permit(generation, true);
    }

    private void moveTo(State next) {
        state = next;
        generation++;
        failuresInARow = 0;
        trialInFlight = false;
    }
}
