package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.ResponseCacheContract;
import java.time.Duration;

/** The unit tests' fake keeps the same contract as the real caches. */
class FakeResponseCacheTest extends ResponseCacheContract {

    private final MutableClock clock = MutableClock.standing();
    private final FakeResponseCache cache = new FakeResponseCache(clock);

    @Override
    protected ResponseCache cache() {
        return cache;
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
