package com.ticketing.gateway.domain.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The answer for all limits of one request, decided together: either every limit admits it
 * (and each is charged) or none is charged. Every
 * {@link com.ticketing.gateway.domain.port.RateLimiter} combines its per-limit GCRA results with
 * {@link #of}, so all stores answer alike.
 */
public sealed interface RateLimitDecision {

    /** The limit whose state the response headers report: the one with the fewest requests left. */
    LimitState reported();

    /**
     * Rejected when any limit rejects (reporting the one that admits again last); otherwise
     * allowed, reporting the limit with the fewest requests left.
     */
    static RateLimitDecision of(List<LimitKey> keys, List<Gcra.Result> results) {
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
            return new Rejected(state(keys.get(tripped), r), micros(r.retryAfterMicros()));
        }
        return new Allowed(state(keys.get(tightest), results.get(tightest)));
    }

    /**
     * The decision when the store could not decide: refused when any limit fails closed,
     * otherwise served unlimited. Reports the limit that decided it, at full capacity.
     */
    static RateLimitDecision storeFailed(List<LimitKey> keys) {
        for (LimitKey key : keys) {
            if (key.limit().onStoreFailure() == StoreFailurePolicy.FAIL_CLOSED) {
                return new StoreFailedClosed(fullState(key));
            }
        }
        return new StoreFailedOpen(fullState(keys.get(0)));
    }

    private static LimitState fullState(LimitKey key) {
        return new LimitState(key, key.limit().capacity(), Duration.ZERO);
    }

    private static LimitState state(LimitKey key, Gcra.Result result) {
        long remaining = Math.max(0, Math.min(result.remaining(), key.limit().capacity() - 1));
        return new LimitState(key, result.allowed() ? remaining : 0, micros(result.resetMicros()));
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(Math.max(0, micros) * 1000);
    }

    record Allowed(LimitState reported) implements RateLimitDecision {
        public Allowed {
            Objects.requireNonNull(reported, "reported");
        }
    }

    /** {@code reported} is the limit that tripped; {@code retryAfter} is when it admits again. */
    record Rejected(LimitState reported, Duration retryAfter) implements RateLimitDecision {
        public Rejected {
            Objects.requireNonNull(reported, "reported");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * The store could not decide and every limit fails open: the request is served unlimited.
     * {@code reported} is the first limit, with its full capacity.
     */
    record StoreFailedOpen(LimitState reported) implements RateLimitDecision {
    }

    /** The store could not decide and at least one limit fails closed. */
    record StoreFailedClosed(LimitState reported) implements RateLimitDecision {
    }

    /** A limit's state after a decision, for the {@code RateLimit-*} headers. */
    record LimitState(LimitKey key, long remaining, Duration reset) {
        public LimitState {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reset, "reset");
        }

        public long limit() {
            return key.limit().capacity();
        }
    }
}
