package com.ticketing.gateway.domain.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A named limit: at most {@code capacity} requests per {@code period} per subject, with bursts up
 * to the whole capacity (GCRA: one request every {@code period / capacity}, tolerance of a full
 * period). {@code onStoreFailure} says what happens when the shared store cannot decide.
 * A capacity above one request per microsecond of the period is held at one per microsecond, the
 * finest step the stores' clocks count in: {@link #capacity()} is what the limit enforces, so the
 * {@code RateLimit-Limit} a client sees is the limit that holds.
 */
public record RateLimit(String name, long capacity, Duration period, LimitScope scope,
                        StoreFailurePolicy onStoreFailure) {

    public RateLimit {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("limit name must be lower-case letters, digits and '-': " + name);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException(name + ": capacity must be at least 1");
        }
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException(name + ": period must be at least 1 ms");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(onStoreFailure, "onStoreFailure");
        capacity = Math.min(capacity, micros(period));
    }

    /** The time one request's worth of capacity takes to come back, in microseconds: at least 1, as the capacity is held. */
    public long emissionIntervalMicros() {
        return periodMicros() / capacity;
    }

    public long periodMicros() {
        return micros(period);
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }
}
