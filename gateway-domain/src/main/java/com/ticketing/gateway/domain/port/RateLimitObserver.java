package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.policy.RateLimitDecision;

/**
 * Told of every rate-limit decision, including store failures and which way they went, so they
 * are counted and logged. Must be fast and must not throw.
 */
@FunctionalInterface
public interface RateLimitObserver {

    void decided(RateLimitDecision decision);
}
