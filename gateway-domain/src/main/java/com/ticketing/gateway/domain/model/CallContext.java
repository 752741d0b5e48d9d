package com.ticketing.gateway.domain.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What travels with every upstream call: the request id, the verified caller (if any), the
 * client's idempotency key (if any) and the time the call may take.
 */
public record CallContext(RequestId requestId, Optional<Identity> identity,
                          Optional<String> idempotencyKey, Duration deadline) {
    public CallContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
    }

    public static CallContext anonymous(RequestId requestId, Duration deadline) {
        return new CallContext(requestId, Optional.empty(), Optional.empty(), deadline);
    }

    public CallContext withDeadline(Duration newDeadline) {
        return new CallContext(requestId, identity, idempotencyKey, newDeadline);
    }
}
