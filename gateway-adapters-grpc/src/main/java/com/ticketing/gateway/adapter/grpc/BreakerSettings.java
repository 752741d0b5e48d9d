package com.ticketing.gateway.adapter.grpc;

import java.time.Duration;

/**
 * When a service's circuit opens and for how long. Immutable; a setting out of range refuses to
 * build with a message naming it.
 *
 * @param consecutiveFailures infrastructure failures in a row that open the circuit
 *                            ({@code CIRCUIT_BREAKER_THRESHOLD})
 * @param openFor             how long an open circuit refuses calls before it lets one trial call
 *                            through ({@code CIRCUIT_BREAKER_TIMEOUT})
 */
public record BreakerSettings(int consecutiveFailures, Duration openFor) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
    public static final BreakerSettings DEFAULTS = new BreakerSettings(DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_OPEN_FOR);

    public BreakerSettings {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("circuit breaker threshold must be at least 1, got " + consecutiveFailures);
        }
        if (openFor == null || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("circuit breaker timeout must be positive");
        }
    }
}
