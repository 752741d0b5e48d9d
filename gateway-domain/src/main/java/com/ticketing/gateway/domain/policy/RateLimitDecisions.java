package com.ticketing.gateway.domain.policy;

import java.time.Duration;
import java.util.List;

/**
 * Combines the per-limit GCRA results of one request into one decision; shared by every
 * {@link com.ticketing.gateway.domain.port.RateLimiter} so all stores answer alike.
 */
public final class RateLimitDecisions {

    private RateLimitDecisions() {
    }

    /**
     * Rejected when any limit rejects (reporting the one that admits again last); otherwise
     * allowed, reporting the limit with the fewest requests left.
     */
    public static RateLimitDecision decide(List<LimitKey> keys, List<Gcra.Result> results) {
        if (keys.isEmpty() || keys.size() != results.size()) {
            throw new IllegalArgumentException("one result per limit, at least one limit");
        }
        int tripped = -1;
        int tightest = 0;
        for (int i = 0; i < keys.size(); i++) {
            Gcra.Result r = results.get(i);
            if (!r.allowed() && (tripped < 0 || r.retryAfterMicros() > results.get(tripped).retryAfterMicros())) {
                tripped = i;
            }
            if (r.remaining() < results.get(tightest).remaining()) {
                tightest = i;
            }
        }
        if (tripped >= 0) {
            Gcra.Result r = results.get(tripped);
            return new RateLimitDecision.Rejected(state(keys.get(tripped), r), micros(r.retryAfterMicros()));
        }
        return new RateLimitDecision.Allowed(state(keys.get(tightest), results.get(tightest)));
    }

    /**
     * The decision when the store could not decide: refused when any limit fails closed,
     * otherwise served unlimited. Reports the limit that decided it, at full capacity.
     */
    public static RateLimitDecision storeFailed(List<LimitKey> keys) {
        for (LimitKey key : keys) {
            if (key.limit().onStoreFailure() == StoreFailurePolicy.FAIL_CLOSED) {
                return new RateLimitDecision.StoreFailedClosed(fullState(key));
            }
        }
        return new RateLimitDecision.StoreFailedOpen(fullState(keys.get(0)));
    }

    private static RateLimitDecision.LimitState fullState(LimitKey key) {
        return new RateLimitDecision.LimitState(key, key.limit().capacity(), Duration.ZERO);
    }

    private static RateLimitDecision.LimitState state(LimitKey key, Gcra.Result result) {
        long remaining = Math.max(0, Math.min(result.remaining(), key.limit().capacity() - 1));
        return new RateLimitDecision.LimitState(key, result.allowed() ? remaining : 0, micros(result.resetMicros()));
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(Math.max(0, micros) * 1000);
    }
}
