package com.ticketing.gateway.adapter.grpc;

import java.time.Duration;

/**
 * How {@link RetryingBackend} retries. Immutable; a setting out of range refuses to build with a
 * message naming it.
 *
 * @param maxAttempts    attempts in all, the first included (1 turns retries off; at most 5, as gRFC A6)
 * @param initialBackoff the ceiling of the first pause; each later ceiling doubles
 * @param maxBackoff     the largest ceiling of a pause
 * @param minTimeLeft    no retry starts with less than this left of the call's deadline
 * @param budgetRatio    retry tokens each first attempt earns: retries add at most this share of calls
 * @param budgetCap      the most tokens a service's budget holds (and starts with); a retry costs one
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration minTimeLeft,
                            double budgetRatio, int budgetCap) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(25);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MIN_TIME_LEFT = Duration.ofMillis(50);
    public static final double DEFAULT_BUDGET_RATIO = 0.2;
    public static final int DEFAULT_BUDGET_CAP = 10;
    public static final RetrySettings DEFAULTS = new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MIN_TIME_LEFT, DEFAULT_BUDGET_RATIO, DEFAULT_BUDGET_CAP);

    /** gRFC A6 caps client attempts at five. */
    static final int MAX_ATTEMPTS_LIMIT = 5;

    public RetrySettings {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("retry max attempts must be 1.." + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
        }
        requirePositive(initialBackoff, "retry initial backoff");
        requirePositive(maxBackoff, "retry max backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry max backoff must not be below the initial backoff");
        }
        if (minTimeLeft == null || minTimeLeft.isNegative()) {
            throw new IllegalArgumentException("retry min time left must not be negative");
        }
        if (!(budgetRatio > 0 && budgetRatio <= 1)) {
            throw new IllegalArgumentException("retry budget ratio must be in (0, 1], got " + budgetRatio);
        }
        if (budgetCap < 1) {
            throw new IllegalArgumentException("retry budget cap must be at least 1, got " + budgetCap);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
