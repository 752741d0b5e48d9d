package com.ticketing.gateway.domain.route;

/** Whether a route takes the client's {@code Idempotency-Key} header. */
public enum IdempotencyKeyUse {
    NONE, OPTIONAL, REQUIRED
}
