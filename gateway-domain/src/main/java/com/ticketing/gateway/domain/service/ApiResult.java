package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the gateway answers to one request; the REST edge maps each case to HTTP in one table. */
public sealed interface ApiResult {

    /**
     * @param json     the body, empty for none
     * @param location a {@code Location} for a created resource
     * @param etag     a strong entity tag (quoted) for cacheable answers
     * @param maxAge   how long clients may cache the answer; zero for not at all
     * @param stale    true when served from an expired cache entry because the service is unavailable
     */
    record Success(int status, byte[] json, Optional<String> location, Optional<String> etag, Duration maxAge,
                   boolean stale) implements ApiResult {

        public Success(int status, byte[] json, Optional<String> location, Optional<String> etag, Duration maxAge) {
            this(status, json, location, etag, maxAge, false);
        }

        public Success {
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(etag, "etag");
            Objects.requireNonNull(maxAge, "maxAge");
        }

        public static Success of(int status, byte[] json) {
            return new Success(status, json, Optional.empty(), Optional.empty(), Duration.ZERO);
        }
    }

    /** A service answered with a failure, or could not be reached in time. */
    record ServiceFailure(UpstreamOutcome.Failed failure) implements ApiResult {
        public ServiceFailure {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The service's circuit breaker is open; nothing was sent.
     *
     * @param retryAfter how long the circuit stays open at most from now (zero: its end is due)
     */
    record CircuitOpen(Duration retryAfter) implements ApiResult {
        public CircuitOpen {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public static CircuitOpen of(UpstreamOutcome.CircuitOpen open) {
            return new CircuitOpen(open.retryAfter());
        }
    }

    /** The request's content is unacceptable; nothing was sent upstream. */
    record InvalidInput(boolean malformedJson, String field, String message) implements ApiResult {
        public InvalidInput {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    record Unauthenticated(AuthProblem problem) implements ApiResult {
        public Unauthenticated {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** A rate limit refused the request; it was not forwarded. */
    record RateLimited(String limit, Duration retryAfter) implements ApiResult {
        public RateLimited {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * A store the decision depends on (sessions, fail-closed limits) cannot answer: fail closed.
     * {@code cause} is what went wrong, for the log line the edge writes with the request's id
     * (empty when the failure was logged where it was decided); it is diagnostic text, not part of
     * the answer: two answers for the same store are equal.
     */
    record StoreUnavailable(String store, String cause) implements ApiResult {
        public StoreUnavailable {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(cause, "cause");
        }

        public StoreUnavailable(String store) {
            this(store, "");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StoreUnavailable that && store.equals(that.store);
        }

        @Override
        public int hashCode() {
            return store.hashCode();
        }
    }
}
