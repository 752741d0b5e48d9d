package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a stream learns once it is admitted, before it starts: the state of its reported limit
 * (for the {@code RateLimit-*} fields of its head), and how to ask, while it waits for the next
 * state, whether its session has ended since (a logout or a revocation on any instance): why,
 * or empty while it has not, or for a stream without a session; and the user it is for.
 */
public record StreamAdmission(Optional<RateLimitDecision.LimitState> limit, Supplier<Optional<ApiResult>> sessionEnded,
                              Optional<UserId> user) {
    public StreamAdmission {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(sessionEnded, "sessionEnded");
        Objects.requireNonNull(user, "user");
    }

    /** A stream admitted for nobody in particular (a public stream). */
    public StreamAdmission(Optional<RateLimitDecision.LimitState> limit, Supplier<Optional<ApiResult>> sessionEnded) {
        this(limit, sessionEnded, Optional.empty());
    }

    /**
     * Told of a stream's admission before it starts, and may still refuse it for a limit of its own
     * (the edge's open streams per user): the refusal, or empty to let the stream start.
     */
    @FunctionalInterface
    public interface Gate {
        Optional<ApiResult> admit(StreamAdmission admission);
    }
}
