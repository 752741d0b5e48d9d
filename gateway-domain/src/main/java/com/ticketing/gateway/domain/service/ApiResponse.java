package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;

/** A result and the state of the rate limit that applied, for the {@code RateLimit-*} headers. */
public record ApiResponse(ApiResult result, Optional<RateLimitDecision.LimitState> rateLimit) {
    public ApiResponse {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    static ApiResponse unlimited(ApiResult result) {
        return new ApiResponse(result, Optional.empty());
    }
}
