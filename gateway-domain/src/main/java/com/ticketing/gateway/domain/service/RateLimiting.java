package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimitObserver;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.route.Route;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the rate-limit policy to one request: one decision over all its limits, and when the
 * store cannot decide, each limit's failure policy (any fail-closed limit refuses with 503;
 * otherwise the request passes unlimited). Every decision is reported to the observer.
 */
public final class RateLimiting {

    /** What to do with the request, and the limit state its response reports. */
    public sealed interface Check {
        Optional<RateLimitDecision.LimitState> state();

        record Pass(Optional<RateLimitDecision.LimitState> state) implements Check {
        }

        record Stop(ApiResult result, Optional<RateLimitDecision.LimitState> state) implements Check {
        }
    }

    private final RateLimitPolicy policy;
    private final RateLimiter limiter;
    private final RateLimitObserver observer;

    public RateLimiting(RateLimitPolicy policy, RateLimiter limiter, RateLimitObserver observer) {
        this.policy = Objects.requireNonNull(policy);
        this.limiter = Objects.requireNonNull(limiter);
        this.observer = Objects.requireNonNull(observer);
    }

    public Check check(Route route, Optional<Identity> identity, String clientIp) {
        return decide(policy.limitsFor(route, identity, clientIp));
    }

    /** Charges an anonymous request (e.g. one whose authentication was refused) to its address's public limit. */
    public Check checkAnonymous(String clientIp) {
        return decide(policy.anonymousLimits(clientIp));
    }

    private Check decide(List<LimitKey> keys) {
        RateLimitDecision decision;
        try {
            decision = limiter.acquire(keys);
        } catch (StoreUnavailableException e) {
            decision = storeFailed(keys);
        }
        observer.decided(decision);
        Optional<RateLimitDecision.LimitState> state = Optional.of(decision.reported());
        return switch (decision) {
            case RateLimitDecision.Allowed a -> new Check.Pass(state);
            case RateLimitDecision.StoreFailedOpen o -> new Check.Pass(Optional.empty());
            case RateLimitDecision.Rejected r -> new Check.Stop(
                    new ApiResult.RateLimited(r.reported().key().limit().name(), r.retryAfter()), state);
            case RateLimitDecision.StoreFailedClosed c ->
                    new Check.Stop(new ApiResult.StoreUnavailable("rate limit"), Optional.empty());
        };
    }

    private static RateLimitDecision storeFailed(List<LimitKey> keys) {
        for (LimitKey key : keys) {
            if (key.limit().onStoreFailure() == StoreFailurePolicy.FAIL_CLOSED) {
                return new RateLimitDecision.StoreFailedClosed(fullState(key));
            }
        }
        return new RateLimitDecision.StoreFailedOpen(fullState(keys.get(0)));
    }

    private static RateLimitDecision.LimitState fullState(LimitKey key) {
        return new RateLimitDecision.LimitState(key, key.limit().capacity(), Duration.ZERO);
    }
}
