package com.ticketing.gateway.adapter.memory;

import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.port.TurnstileContract;
import com.ticketing.gateway.domain.service.SeparateTurnstile;
import java.time.Clock;

/** The turnstile of the in-memory stores: the session read, then the limiter. */
class SeparateTurnstileTest extends TurnstileContract {

    private final InMemorySessionStore sessions = new InMemorySessionStore(Clock.systemUTC());
    private final Turnstile turnstile = new SeparateTurnstile(sessions, new InMemoryRateLimiter(Clock.systemUTC()));

    @Override
    protected Turnstile turnstile() {
        return turnstile;
    }

    @Override
    protected SessionStore sessions() {
        return sessions;
    }
}
