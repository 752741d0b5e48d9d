package com.ticketing.gateway.adapter.memory;

import com.ticketing.gateway.domain.policy.Gcra;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GCRA limits of one gateway instance, in memory. All limits of a request are decided and
 * charged under one lock, so concurrent requests never over-admit; idle keys are dropped once
 * their state equals "full capacity", so nothing is kept forever.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private static final int SWEEP_EVERY = 4096;
    private final Clock clock;
    private final Map<String, Long> tats = new HashMap<>();
    private long decisions;

    public InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public RateLimitDecision acquire(List<LimitKey> keys) {
        Instant instant = clock.instant();
        long now = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        List<Gcra.Result> results = new ArrayList<>(keys.size());
        synchronized (tats) {
            boolean allowed = true;
            for (LimitKey key : keys) {
                Gcra.Result result = Gcra.evaluate(tats.getOrDefault(key.storageKey(), 0L), now, key.limit());
                results.add(result);
                allowed &= result.allowed();
            }
            if (allowed) {
                for (int i = 0; i < keys.size(); i++) {
                    tats.put(keys.get(i).storageKey(), results.get(i).newTat());
                }
            }
            if (++decisions % SWEEP_EVERY == 0) {
                tats.values().removeIf(tat -> tat <= now);
            }
        }
        return RateLimitDecision.of(keys, results);
    }

    /** How many keys hold state; for tests of the sweep. */
    int size() {
        synchronized (tats) {
            return tats.size();
        }
    }
}
