package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway served for one request: its result, the state of the rate limit that applied
 * (for the {@code RateLimit-*} headers), and the user the request was served for when it was
 * authenticated (for the access log).
 */
public record Served(ApiResult result, Optional<RateLimitDecision.LimitState> rateLimit, Optional<UserId> user) {
    public Served {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(user, "user");
    }

    /** A response to a request that was not (or not yet) authenticated. */
    public Served(ApiResult result, Optional<RateLimitDecision.LimitState> rateLimit) {
        this(result, rateLimit, Optional.empty());
    }

    static Served unlimited(ApiResult result) {
        return new Served(result, Optional.empty());
    }
}
