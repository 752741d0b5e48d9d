package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.Turnstile;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Turnstile} over a session store and a rate limiter that are asked one after the other:
 * the in-memory stores, where both are local calls. A limiter that cannot decide gives each
 * limit's store-failure decision; a session store that cannot answer fails the whole passage.
 */
public final class SeparateTurnstile implements Turnstile {

    private final SessionStore sessions;
    private final RateLimiter limiter;

    public SeparateTurnstile(SessionStore sessions, RateLimiter limiter) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public Passage pass(SessionId session, UserId owner, List<LimitKey> limits) {
        SessionState state = sessions.state(session, owner);
        if (state != SessionState.ACTIVE) {
            return new Passage.Closed(state);
        }
        RateLimitDecision decision;
        try {
            decision = limiter.acquire(limits);
        } catch (StoreUnavailableException e) {
            decision = RateLimitDecision.storeFailed(limits);
        }
        return new Passage.Open(decision);
    }
}
