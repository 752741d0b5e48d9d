package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.port.RateLimitObserver;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.route.Route;
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

    /** The limits of a request, base limit first, for a store that decides them itself (a {@code Turnstile}). */
    public List<LimitKey> limitsFor(Route route, Optional<Identity> identity, String clientIp) {
        return policy.limitsFor(route, identity, clientIp);
    }

    /**
     * Whether {@link #judge} lets a request with this decision pass: what a call started before the
     * request is judged may go by (pure: nothing is reported, any thread).
     */
    public static boolean admits(RateLimitDecision decision) {
        return switch (decision) { // exhaustive, as judge's: a new kind of decision must be placed in both
            case RateLimitDecision.Allowed a -> true;
            case RateLimitDecision.StoreFailedOpen o -> true;
            case RateLimitDecision.Rejected r -> false;
            case RateLimitDecision.StoreFailedClosed c -> false;
        };
    }

    /** What to do with a request whose limits a store has already decided. */
    public Check judge(RateLimitDecision decision) {
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

    private Check decide(List<LimitKey> keys) {
        RateLimitDecision decision;
        try {
            decision = limiter.acquire(keys);
        } catch (StoreUnavailableException e) {
            decision = RateLimitDecision.storeFailed(keys);
        }
        return judge(decision);
    }
}
