package com.ticketing.gateway.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.RateLimiterContract;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {

    /** Decisions between two sweeps of idle keys (InMemoryRateLimiter.SWEEP_EVERY). */
    private static final int SWEEP_EVERY = 4096;

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration timeTolerance() {
        return Duration.ZERO;
    }

    private static LimitKey key(String subject, long capacity, Duration period) {
        return new LimitKey(new RateLimit("sweep", capacity, period, LimitScope.CLIENT_IP,
                StoreFailurePolicy.FAIL_OPEN), subject);
    }

    @Test
    void everySweepIntervalOfDecisionsDropsTheKeysBackAtFullCapacity() {
        // 60 per minute: one request's worth comes back every second.
        for (int i = 0; i < 100; i++) {
            limiter.acquire(List.of(key("idle-" + i, 60, Duration.ofMinutes(1))));
        }
        LimitKey partial = key("partial", 60, Duration.ofMinutes(1));
        limiter.acquire(List.of(partial));
        limiter.acquire(List.of(partial));
        clock.advance(Duration.ofSeconds(1));
        // The idle keys are exactly back at full capacity now; "partial" still owes one second.
        LimitKey busy = key("busy", 1, Duration.ofMinutes(1));
        int made = 102;
        while (made < SWEEP_EVERY - 1) {
            limiter.acquire(List.of(busy));
            made++;
        }
        assertThat(limiter.size()).isEqualTo(100 + 2);

        RateLimitDecision last = limiter.acquire(List.of(busy));

        assertThat(last).isInstanceOf(RateLimitDecision.Rejected.class);
        assertThat(limiter.size()).isEqualTo(2);
        // A dropped key starts over at full capacity, as it would have anyway.
        RateLimitDecision.Allowed again = (RateLimitDecision.Allowed) limiter.acquire(
                List.of(key("idle-0", 60, Duration.ofMinutes(1))));
        assertThat(again.reported().remaining()).isEqualTo(59);
        RateLimitDecision.Allowed partialAgain = (RateLimitDecision.Allowed) limiter.acquire(List.of(partial));
        assertThat(partialAgain.reported().remaining()).isEqualTo(58);
    }

    @Test
    void rejectedRequestsCreateNoState() {
        LimitKey tight = key("tight", 1, Duration.ofMinutes(1));
        limiter.acquire(List.of(tight));

        for (int i = 0; i < 10; i++) {
            limiter.acquire(List.of(tight, key("never-charged-" + i, 10, Duration.ofMinutes(1))));
        }

        assertThat(limiter.size()).isEqualTo(1);
    }
}
