package com.ticketing.gateway.adapter.grpc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket that keeps retries to a share of calls, so that retries cannot multiply an
 * outage: each first attempt deposits {@code ratio} tokens (up to {@code cap}), each retry takes
 * one, and no retry goes without a token. Starts full. Lock-free and thread-safe.
 */
final class RetryBudget {

    /** Tokens are counted in thousandths so that a ratio like 0.2 adds up exactly. */
    private static final long UNIT = 1000;

    private final long deposit;
    private final long cap;
    private final AtomicLong milliTokens;

    RetryBudget(double ratio, int cap) {
        this.deposit = Math.round(ratio * UNIT);
        this.cap = cap * UNIT;
        this.milliTokens = new AtomicLong(this.cap);
    }

    /** A first attempt was made. */
    void deposit() {
        milliTokens.getAndUpdate(tokens -> Math.min(cap, tokens + deposit));
    }

    /** Takes one token for a retry; false (and nothing taken) when less than one is left. */
    boolean tryWithdraw() {
        long before = milliTokens.getAndUpdate(tokens -> tokens >= UNIT ? tokens - UNIT : tokens);
        return before >= UNIT;
    }

    /** Gives back the token of a retry that was not made after all (up to the cap). */
    void refund() {
        milliTokens.getAndUpdate(tokens -> Math.min(cap, tokens + UNIT));
    }

    /** Whole and fractional tokens left, for tests and metrics. */
    double tokens() {
        return milliTokens.get() / (double) UNIT;
    }
}
