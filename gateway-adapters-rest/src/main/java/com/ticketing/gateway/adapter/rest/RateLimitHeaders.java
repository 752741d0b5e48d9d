package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.policy.RateLimitDecision;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds)
 * headers of a limited response; a stream's go out with its first event ({@link SseStream}).
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void write(HttpServletResponse response, RateLimitDecision.LimitState state) {
        response.setHeader("RateLimit-Limit", String.valueOf(state.limit()));
        response.setHeader("RateLimit-Remaining", String.valueOf(state.remaining()));
        long millis = state.reset().toMillis();
        response.setHeader("RateLimit-Reset", String.valueOf((millis + 999) / 1000));
    }
}
