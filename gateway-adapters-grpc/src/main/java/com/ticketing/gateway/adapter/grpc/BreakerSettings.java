package com.ticketing.gateway.adapter.grpc;

import java.time.Duration;

/**
 * When a service's circuit opens, for how long, and how long its health-check trial may take.
 * Immutable; a setting out of range refuses to build with a message naming it.
 *
 * @param consecutiveFailures infrastructure failures in a row that open the circuit
 *                            ({@code CIRCUIT_BREAKER_THRESHOLD}): the size of the count-based window
 * @param openFor             how long an open circuit refuses calls before its health-check trial
 *                            ({@code CIRCUIT_BREAKER_TIMEOUT})
 * @param trialDeadline       the deadline of that trial (a {@code grpc.health.v1} Check that waits
 *                            for a connection); a trial without an answer in time fails
 */
public record BreakerSettings(int consecutiveFailures, Duration openFor, Duration trialDeadline) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    /**
     * The largest threshold: it is the size of resilience4j's count-based window, which holds one
     * entry per call from the start (a million would keep about 50 MB per service alive, and the
     * collector busy); past a thousand failures in a row a breaker no longer protects anything.
     */
    public static final int MAX_CONSECUTIVE_FAILURES = 1000;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TRIAL_DEADLINE = Duration.ofSeconds(1);
    public static final BreakerSettings DEFAULTS = new BreakerSettings(DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_OPEN_FOR);

    public BreakerSettings {
        if (consecutiveFailures < 1 || consecutiveFailures > MAX_CONSECUTIVE_FAILURES) {
            throw new IllegalArgumentException("circuit breaker threshold must be between 1 and "
                    + MAX_CONSECUTIVE_FAILURES + ", got " + consecutiveFailures);
        }
        if (openFor == null || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("circuit breaker timeout must be positive");
        }
        if (trialDeadline == null || trialDeadline.isNegative() || trialDeadline.isZero()) {
            throw new IllegalArgumentException("circuit breaker trial deadline must be positive");
        }
    }

    /** Settings with the {@link #DEFAULT_TRIAL_DEADLINE default trial deadline}. */
    public BreakerSettings(int consecutiveFailures, Duration openFor) {
        this(consecutiveFailures, openFor, DEFAULT_TRIAL_DEADLINE);
    }
}
