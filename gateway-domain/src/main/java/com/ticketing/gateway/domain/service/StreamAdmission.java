package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a stream learns once it is admitted, before it starts: the state of its reported limit
 * (for the {@code RateLimit-*} fields of its head), and how to ask, while it waits for the next
 * state, whether its session has ended since (a logout or a revocation on any instance): why,
 * or empty while it has not, or for a stream without a session.
 */
public record StreamAdmission(Optional<RateLimitDecision.LimitState> limit, Supplier<Optional<ApiResult>> sessionEnded) {
    public StreamAdmission {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(sessionEnded, "sessionEnded");
    }
}
