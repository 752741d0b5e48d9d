package com.ticketing.gateway.domain.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What travels with every upstream call: the request id, the verified caller (if any), the
 * client's idempotency key (if any) and the time the call may take.
 *
 * @param clientDeadline true when {@code deadline} is the client's own time budget
 *                       ({@code X-Request-Timeout}), shorter than its route's: a call that runs out
 *                       of it says nothing about the service's health, only about the client's patience
 */
public record CallContext(RequestId requestId, Optional<Identity> identity,
                          Optional<String> idempotencyKey, Duration deadline, boolean clientDeadline) {

    /** A call with its route's own deadline. */
    public CallContext(RequestId requestId, Optional<Identity> identity, Optional<String> idempotencyKey,
                       Duration deadline) {
        this(requestId, identity, idempotencyKey, deadline, false);
    }

    public CallContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
    }

    public static CallContext anonymous(RequestId requestId, Duration deadline) {
        return anonymous(requestId, deadline, false);
    }

    public static CallContext anonymous(RequestId requestId, Duration deadline, boolean clientDeadline) {
        return new CallContext(requestId, Optional.empty(), Optional.empty(), deadline, clientDeadline);
    }

    /** The same call with less time (what is left of the same deadline, whoever set it). */
    public CallContext withDeadline(Duration newDeadline) {
        return new CallContext(requestId, identity, idempotencyKey, newDeadline, clientDeadline);
    }
}
