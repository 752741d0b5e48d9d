package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;

/** The unit tests' fake keeps the same contract as the real stores. */
class FakeSessionStoreTest extends SessionStoreContract {

    private final MutableClock clock = MutableClock.standing();
    private final FakeSessionStore store = new FakeSessionStore(clock);

    @Override
    protected SessionStore store() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration expiryTolerance() {
        return Duration.ZERO;
    }
}
