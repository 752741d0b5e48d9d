package com.ticketing.gateway.domain.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer for all limits of one request, decided together: either every limit admits it
 * (and each is charged) or none is charged.
 */
public sealed interface RateLimitDecision {

    /** The limit whose state the response headers report: the one with the fewest requests left. */
    LimitState reported();

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
